package org.acmasr.config;

import java.nio.file.Path;
import org.acmasr.engine.Endpointing;
import org.acmasr.engine.AutoBudgetConfig;
import org.acmasr.engine.SchedulerConfig;

/**
 * Reads the sections {@code serve} runs on: {@code server}, {@code limits}, {@code engine},
 * {@code decoder}, {@code endpointing}, {@code model} and {@code vosk}; absent keys take their defaults.
 */
final class ServeSections {
  private ServeSections() {}

  /** @param budget the default budget, read by {@link DefaultBudget} */
  static ServeConfig read(Settings s, double budget) {
    HttpConfig h = HttpConfig.defaults();
    String cert = s.getString("server.tls.cert_file", null);
    String key = s.getString("server.tls.key_file", null);
    HttpConfig http = new HttpConfig(s.getString("server.host", h.host()), s.getInt("server.port", h.port()),
        cert == null && key == null ? null : new TlsConfig(path(cert), path(key)), s.getStringList("server.api_keys"),
        s.getDouble("server.shutdown_grace_seconds", h.shutdownGraceSeconds()));
    LimitsConfig l = LimitsConfig.defaults();
    LimitsConfig limits = new LimitsConfig(s.getInt("limits.max_frame_bytes", l.maxFrameBytes()),
        s.getDouble("limits.idle_timeout_seconds", l.idleTimeoutSeconds()),
        s.getDouble("limits.max_session_seconds", l.maxSessionSeconds()),
        s.getLong("limits.max_body_bytes", l.maxBodyBytes()),
        s.getInt("limits.max_streams_per_client", l.maxStreamsPerClient()),
        s.getDouble("limits.no_audio_timeout_seconds", l.noAudioTimeoutSeconds()));
    SchedulerConfig engine = engine(s);
    Endpointing ep = Endpointing.defaults();
    boolean endpointingOn = s.getBoolean("endpointing.enabled", true);
    Endpointing endpointing = new Endpointing(s.getDouble("endpointing.silence_without_speech", ep.silenceWithoutSpeech()),
        s.getDouble("endpointing.silence_after_speech", ep.silenceAfterSpeech()),
        s.getDouble("endpointing.max_utterance", ep.maxUtterance()));
    SessionDefaults session = new SessionDefaults(budget, endpointingOn ? endpointing : Endpointing.off());
    DecoderSettings decoder = new DecoderSettings(s.getInt("decoder.beam_width", 0),
        s.getDouble("decoder.prune_threshold", 0));
    String model = s.getString("model.path", null);
    VoskConfig v = VoskConfig.defaults();
    VoskConfig vosk = new VoskConfig(s.getInt("vosk.port", v.port()), s.getInt("vosk.sample_rate", v.sampleRate()));
    AutoBudgetConfig a = AutoBudgetConfig.defaults();
    AutoBudgetConfig auto = new AutoBudgetConfig(s.getInt("engine.auto_budget.target_ms", a.targetMs()),
        s.getDouble("engine.auto_budget.floor", a.floor()), s.getDouble("engine.auto_budget.decrease", a.decrease()),
        s.getDouble("engine.auto_budget.increase_per_second", a.increasePerSecond()));
    return new ServeConfig(http, limits, engine, decoder, session, path(model), vosk, auto);
  }

  private static SchedulerConfig engine(Settings s) {
    SchedulerConfig e = SchedulerConfig.defaults();
    return new SchedulerConfig(s.getInt("engine.workers", e.workers()), s.getInt("engine.max_batch", e.maxBatch()),
        s.getInt("engine.batch_window_ms", e.batchWindowMs()), s.getInt("engine.max_queued_frames", e.maxQueuedFrames()),
        s.getInt("engine.max_streams", e.maxStreams()), s.getInt("engine.max_audio_seconds", e.maxAudioSeconds()));
  }

  private static Path path(String p) {
    return p == null ? null : Path.of(p);
  }
}
