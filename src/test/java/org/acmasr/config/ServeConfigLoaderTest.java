package org.acmasr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigLoaderTest {
  @TempDir
  Path dir;

  private Path file(String json) throws Exception {
    Path p = dir.resolve("c.json");
    Files.writeString(p, json);
    return p;
  }

  private String error(String json, Map<String, String> env) throws Exception {
    Path f = json == null ? null : file(json);
    return assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(f, env)).getMessage();
  }

  @Test
  void defaultsWithoutFileOrEnvironment() {
    ServeConfig c = ConfigLoader.load(null, Map.of()).serve();
    assertEquals(ServeConfig.defaults(), c);
    assertEquals(8080, c.http().port());
    assertTrue(c.http().apiKeys().isEmpty());
    assertNull(c.http().tls());
    assertTrue(c.session().endpointing().enabled());
  }

  @Test
  void fileThenEnvironmentOverrides() throws Exception {
    Path f = file("""
        {"server": {"port": 9000, "host": "127.0.0.1", "api_keys": ["a-key", "b-key"], "shutdown_grace_seconds": 5},
         "limits": {"max_frame_bytes": 131072, "idle_timeout_seconds": 10, "max_session_seconds": 60, "max_body_bytes": 2048},
         "engine": {"workers": 2, "max_batch": 16, "batch_window_ms": 5, "max_queued_frames": 100, "max_streams": 8},
         "decoder": {"beam_width": 4, "budget": 0.5},
         "endpointing": {"silence_after_speech": 0.8},
         "model": {"path": "models/x.acm"},
         "features": {"num_mel_bins": 80}, "kafka": {"group_id": "g"}, "_comment": "a comment"}
        """);
    ServeConfig c = ConfigLoader.load(f, Map.of("ACM_SERVER_PORT", "9100", "ACM_ENGINE_MAX_STREAMS", "32",
        "ACM_SERVER_API_KEYS", "x-key, y-key", "ACM_ENDPOINTING_ENABLED", "false", "PATH", "/usr/bin")).serve();
    assertEquals(9100, c.http().port(), "the environment wins over the file");
    assertEquals("127.0.0.1", c.http().host());
    assertEquals(List.of("x-key", "y-key"), c.http().apiKeys());
    assertEquals(5, c.http().shutdownGraceSeconds());
    assertEquals(new LimitsConfig(131072, 10, 60, 2048), c.limits());
    assertEquals(32, c.engine().maxStreams());
    assertEquals(2, c.engine().workers());
    assertEquals(16, c.engine().maxBatch());
    assertEquals(4, c.beamWidth());
    assertEquals(0.5, c.session().budget());
    assertFalse(c.session().endpointing().enabled());
    assertEquals(Path.of("models/x.acm"), c.model());
  }

  @Test
  void errorsNameTheKeyAndValue() throws Exception {
    assertEquals("engine.max_batch = 0: must be in [1, 1024]", error("{\"engine\": {\"max_batch\": 0}}", Map.of()));
    assertEquals("server.port = 70000: must be in [0, 65535]", error(null, Map.of("ACM_SERVER_PORT", "70000")));
    assertEquals("server.port = \"eighty\" (from ACM_SERVER_PORT): must be an integer",
        error(null, Map.of("ACM_SERVER_PORT", "eighty")));
    assertTrue(error("{\"server\": {\"port\": \"80\"}}", Map.of()).startsWith("server.port = \"80\" (in "));
    assertEquals("limits.idle_timeout_seconds = 0.0: must be in [0.05, 86400]",
        error("{\"limits\": {\"idle_timeout_seconds\": 0}}", Map.of()));
    assertEquals("decoder.budget = 1.5: must be in (0, 1]", error("{\"decoder\": {\"budget\": 1.5}}", Map.of()));
    assertEquals("endpointing.silence_after_speech = -1.0: must be > 0 seconds",
        error(null, Map.of("ACM_ENDPOINTING_SILENCE_AFTER_SPEECH", "-1")));
    assertEquals("decoder.beam_width = -1: must be in [0, 256] (0 = the model's recommendation, 1 = greedy)",
        error(null, Map.of("ACM_DECODER_BEAM_WIDTH", "-1")));
    assertTrue(error("{\"server\": {\"prot\": 80}}", Map.of()).startsWith("server.prot (in "));
    assertTrue(error("{\"server\": {\"prot\": 80}}", Map.of()).contains("unknown setting; known: "));
    assertTrue(error(null, Map.of("ACM_LIMITS_IDLE", "5")).startsWith("ACM_LIMITS_IDLE (environment): unknown setting"));
    assertTrue(error("{\"server\": {\"tls\": {\"cert_file\": \"/nonexistent/cert.pem\", \"key_file\": \"/nonexistent/key.pem\"}}}",
        Map.of()).startsWith("server.tls.cert_file = /nonexistent/cert.pem: not a readable file"));
    assertTrue(error("{\"server\": {\"tls\": {\"cert_file\": \"x\"}}}", Map.of()).contains("server.tls.cert_file"));
    assertTrue(error("[1]", Map.of()).endsWith("must hold a JSON object"));
    assertTrue(error("{\"server\": ", Map.of()).startsWith("config file "));
    assertTrue(error(null, Map.of("ACM_SERVER_API_KEYS", "ok-key,bad key")).startsWith("server.api_keys"));
  }

  @Test
  void theExampleConfigurationIsValid() {
    ServeConfig c = ConfigLoader.load(Path.of("deploy/acm-asr.example.json"), Map.of()).serve();
    assertEquals(8080, c.http().port());
    assertEquals(64, c.engine().maxStreams());
    assertEquals(ServeConfig.defaults().limits(), c.limits(), "the example states the defaults");
    assertEquals(ServeConfig.defaults().engine(), c.engine());
  }

  @Test
  void theHardeningLimitsAreReadAndValidated() throws Exception {
    ServeConfig c = ConfigLoader.load(null, Map.of("ACM_LIMITS_MAX_STREAMS_PER_CLIENT", "3",
        "ACM_LIMITS_NO_AUDIO_TIMEOUT_SECONDS", "5", "ACM_ENGINE_MAX_AUDIO_SECONDS", "600")).serve();
    assertEquals(3, c.limits().maxStreamsPerClient());
    assertEquals(5.0, c.limits().noAudioTimeoutSeconds());
    assertEquals(600, c.engine().maxAudioSeconds());
    assertEquals("limits.max_streams_per_client = -1: must be in [0, 100000] (0 = no limit)",
        error(null, Map.of("ACM_LIMITS_MAX_STREAMS_PER_CLIENT", "-1")));
    assertEquals("engine.max_audio_seconds = 0: must be in [1, 86400]",
        error(null, Map.of("ACM_ENGINE_MAX_AUDIO_SECONDS", "0")));
  }
}
