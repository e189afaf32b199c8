package org.acmasr.config;

import java.nio.file.Path;
import org.acmasr.engine.AutoBudgetConfig;
import org.acmasr.engine.SchedulerConfig;

/**
 * Everything {@code serve} is configured with.
 *
 * @param http      listener, TLS, API keys, shutdown grace
 * @param limits    per-client limits
 * @param engine    inference workers, batching, queues and the admission limit
 * @param decoder   beam width and pruning, where they override what the model file recommends
 * @param session   defaults for streams and batch requests
 * @param model     model file, or null for the model shipped in the jar
 * @param vosk      the Vosk-compatible endpoint
 * @param autoBudget how the engine steers streams that ask for {@code "budget": "auto"}
 */
public record ServeConfig(HttpConfig http, LimitsConfig limits, SchedulerConfig engine, DecoderSettings decoder,
    SessionDefaults session, Path model, VoskConfig vosk, AutoBudgetConfig autoBudget) {

  public ServeConfig {
    if (http == null || limits == null || engine == null || decoder == null || session == null || vosk == null
        || autoBudget == null) {
      throw new IllegalArgumentException(
          "server, limits, engine, decoder, auto budget, session and vosk settings must all be set");
    }
  }

  public static ServeConfig defaults() {
    return new ServeConfig(HttpConfig.defaults(), LimitsConfig.defaults(), SchedulerConfig.defaults(), DecoderSettings.defaults(),
        SessionDefaults.defaults(), null, VoskConfig.defaults(), AutoBudgetConfig.defaults());
  }

  public ServeConfig withHttp(HttpConfig h) {
    return new ServeConfig(h, limits, engine, decoder, session, model, vosk, autoBudget);
  }

  public ServeConfig withLimits(LimitsConfig l) {
    return new ServeConfig(http, l, engine, decoder, session, model, vosk, autoBudget);
  }

  public ServeConfig withEngine(SchedulerConfig e) {
    return new ServeConfig(http, limits, e, decoder, session, model, vosk, autoBudget);
  }

  public ServeConfig withSession(SessionDefaults s) {
    return new ServeConfig(http, limits, engine, decoder, s, model, vosk, autoBudget);
  }

  public ServeConfig withAutoBudget(AutoBudgetConfig a) {
    return new ServeConfig(http, limits, engine, decoder, session, model, vosk, a);
  }

  public ServeConfig withVosk(VoskConfig v) {
    return new ServeConfig(http, limits, engine, decoder, session, model, v, autoBudget);
  }
}
