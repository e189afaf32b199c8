package org.acmasr.server.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.acmasr.engine.Endpointing;
import org.acmasr.engine.SchedulerConfig;

/**
 * Reads {@link ServeConfig} from an optional JSON file and {@code ACM_*} environment overrides (see
 * {@link Settings}); every key has a default. Owned sections: {@code server}, {@code limits},
 * {@code engine}, {@code decoder}, {@code endpointing}, {@code model}, {@code vosk}; other sections are ignored.
 */
public final class ServeConfigLoader {
  static final Set<String> SECTIONS = Set.of("server", "limits", "engine", "decoder", "endpointing", "model",
      "vosk");

  private ServeConfigLoader() {}

  /** @throws IllegalArgumentException naming the key and value of the first bad setting */
  public static ServeConfig load(Path configFile, Map<String, String> env) {
    Settings s = Settings.load(configFile, env, SECTIONS);
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
    SchedulerConfig e = SchedulerConfig.defaults();
    SchedulerConfig engine = new SchedulerConfig(s.getInt("engine.workers", e.workers()),
        s.getInt("engine.max_batch", e.maxBatch()), s.getInt("engine.batch_window_ms", e.batchWindowMs()),
        s.getInt("engine.max_queued_frames", e.maxQueuedFrames()), s.getInt("engine.max_streams", e.maxStreams()),
        s.getInt("engine.max_audio_seconds", e.maxAudioSeconds()));
    Endpointing ep = Endpointing.defaults();
    boolean endpointingOn = s.getBoolean("endpointing.enabled", true);
    Endpointing endpointing = new Endpointing(s.getDouble("endpointing.silence_without_speech", ep.silenceWithoutSpeech()),
        s.getDouble("endpointing.silence_after_speech", ep.silenceAfterSpeech()),
        s.getDouble("endpointing.max_utterance", ep.maxUtterance()));
    SessionDefaults session = new SessionDefaults(s.getDouble("decoder.budget", 1.0),
        endpointingOn ? endpointing : Endpointing.off());
    int beam = s.getInt("decoder.beam_width", 0);
    String model = s.getString("model.path", null);
    VoskConfig v = VoskConfig.defaults();
    VoskConfig vosk = new VoskConfig(s.getInt("vosk.port", v.port()), s.getInt("vosk.sample_rate", v.sampleRate()));
    s.rejectUnknownKeys();
    return new ServeConfig(http, limits, engine, beam, session, path(model), vosk);
  }

  private static Path path(String p) {
    return p == null ? null : Path.of(p);
  }
}
