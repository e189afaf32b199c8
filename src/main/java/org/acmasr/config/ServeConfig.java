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
 * @param beamWidth CTC beam width (1 = greedy; 0 = what the model file recommends, with its language model)
 * @param session   defaults for streams and batch requests
 * @param model     model file, or null for the model shipped in the jar
 * @param vosk      the Vosk-compatible endpoint
 * @param autoBudget how the engine steers streams that ask for {@code "budget": "auto"}
 */
public record ServeConfig(HttpConfig http, LimitsConfig limits, SchedulerConfig engine, int beamWidth,
    SessionDefaults session, Path model, VoskConfig vosk, AutoBudgetConfig autoBudget) {

  public ServeConfig {
    if (http == null || limits == null || engine == null || session == null || vosk == null || autoBudget == null) {
      throw new IllegalArgumentException("server, limits, engine, auto budget, session and vosk settings must all be set");
    }
    if (beamWidth < 0 || beamWidth > 256) {
      throw new IllegalArgumentException("decoder.beam_width = " + beamWidth
          + ": must be in [0, 256] (0 = the model's recommendation, 1 = greedy)");
    }
  }

  public static ServeConfig defaults() {
    return new ServeConfig(HttpConfig.defaults(), LimitsConfig.defaults(), SchedulerConfig.defaults(), 0,
        SessionDefaults.defaults(), null, VoskConfig.defaults(), AutoBudgetConfig.defaults());
  }

  public ServeConfig withHttp(HttpConfig h) {
    return new ServeConfig(h, limits, engine, beamWidth, session, model, vosk, autoBudget);
  }

  public ServeConfig withLimits(LimitsConfig l) {
    return new ServeConfig(http, l, engine, beamWidth, session, model, vosk, autoBudget);
  }

  public ServeConfig withEngine(SchedulerConfig e) {
    return new ServeConfig(http, limits, e, beamWidth, session, model, vosk, autoBudget);
  }

  public ServeConfig withSession(SessionDefaults s) {
    return new ServeConfig(http, limits, engine, beamWidth, s, model, vosk, autoBudget);
  }

  public ServeConfig withAutoBudget(AutoBudgetConfig a) {
    return new ServeConfig(http, limits, engine, beamWidth, session, model, vosk, a);
  }

  public ServeConfig withVosk(VoskConfig v) {
    return new ServeConfig(http, limits, engine, beamWidth, session, model, v, autoBudget);
  }
}
