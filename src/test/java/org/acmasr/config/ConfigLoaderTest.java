package org.acmasr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one configuration tree: every section from the file and the environment, checked as a whole. */
class ConfigLoaderTest {
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
         "decoder": {"beam_width": 4, "budget": 0.5, "prune_threshold": 6},
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
    assertEquals(new DecoderSettings(4, 6), c.decoder());
    assertEquals(0.5, c.session().budget());
    assertFalse(c.session().endpointing().enabled());
    assertEquals(Path.of("models/x.acm"), c.model());
  }

  @Test
  void errorsNameTheKeyAndValue() throws Exception {
    String inFile = error("{\"engine\": {\"max_batch\": 0}}", Map.of());
    assertTrue(inFile.startsWith("engine.max_batch = 0 (in ") && inFile.endsWith("c.json): must be in [1, 1024]"), inFile);
    assertEquals("server.port = 70000 (from ACM_SERVER_PORT): must be in [0, 65535]", error(null, Map.of("ACM_SERVER_PORT", "70000")));
    assertEquals("server.port = \"eighty\" (from ACM_SERVER_PORT): must be an integer",
        error(null, Map.of("ACM_SERVER_PORT", "eighty")));
    assertTrue(error("{\"server\": {\"port\": \"80\"}}", Map.of()).startsWith("server.port = \"80\" (in "));
    assertEquals("limits.idle_timeout_seconds = 0.0 (in " + dir.resolve("c.json") + "): must be in [0.05, 86400]",
        error("{\"limits\": {\"idle_timeout_seconds\": 0}}", Map.of()));
    assertEquals("decoder.budget = 1.5 (in " + dir.resolve("c.json") + "): must be in (0, 1]",
        error("{\"decoder\": {\"budget\": 1.5}}", Map.of()));
    assertEquals("endpointing.silence_after_speech = -1.0 (from ACM_ENDPOINTING_SILENCE_AFTER_SPEECH): must be > 0 seconds",
        error(null, Map.of("ACM_ENDPOINTING_SILENCE_AFTER_SPEECH", "-1")));
    assertEquals("decoder.beam_width = -1 (from ACM_DECODER_BEAM_WIDTH): must be in [0, 256] (0 = the model's "
        + "recommendation, 1 = greedy)",
        error(null, Map.of("ACM_DECODER_BEAM_WIDTH", "-1")));
    assertEquals("decoder.prune_threshold = 0.2 (in " + dir.resolve("c.json") + "): must be 0 (the model's "
        + "recommendation) or in [0.5, 100] nats", error("{\"decoder\": {\"prune_threshold\": 0.2}}", Map.of()));
    assertTrue(error("{\"server\": {\"prot\": 80}}", Map.of()).startsWith("server.prot (in "));
    assertTrue(error("{\"server\": {\"prot\": 80}}", Map.of()).contains("unknown setting; known: "));
    assertTrue(error(null, Map.of("ACM_LIMITS_IDLE", "5")).startsWith("ACM_LIMITS_IDLE (environment): unknown setting"));
    assertTrue(error("{\"server\": {\"tls\": {\"cert_file\": \"/nonexistent/cert.pem\", \"key_file\": \"/nonexistent/key.pem\"}}}",
        Map.of()).startsWith("server.tls.cert_file = /nonexistent/cert.pem (in " + dir.resolve("c.json")
        + "): not a readable file"));
    assertTrue(error("{\"server\": {\"tls\": {\"cert_file\": \"x\"}}}", Map.of()).contains("server.tls.cert_file"));
    assertTrue(error("[1]", Map.of()).endsWith("must hold a JSON object"));
    assertTrue(error("{\"server\": ", Map.of()).startsWith("config file "));
    assertTrue(error(null, Map.of("ACM_SERVER_API_KEYS", "ok-key,bad key")).startsWith("server.api_keys"));
  }

  @Test
  void theExampleConfigurationIsValid() throws Exception {
    ServeConfig c = ConfigLoader.load(Path.of("deploy/acm-asr.example.json"), Map.of()).serve();
    assertEquals(8080, c.http().port());
    assertEquals(64, c.engine().maxStreams());
    assertEquals(ServeConfig.defaults().limits(), c.limits(), "the example states the defaults");
    assertEquals(ServeConfig.defaults().engine(), c.engine());
    assertEquals(ServeConfig.defaults().autoBudget(), c.autoBudget());
    // Left out on purpose: the instance id defaults to the host name; kafka.default_budget is deprecated.
    assertEquals(java.util.Set.of("kafka.instance_id", DefaultBudget.DEPRECATED), ConfigLoader.unstatedKeys(
        java.nio.file.Files.readAllBytes(Path.of("deploy/acm-asr.example.json"))), "keys the example leaves out");
  }

  @Test
  void theHardeningLimitsAreReadAndValidated() throws Exception {
    ServeConfig c = ConfigLoader.load(null, Map.of("ACM_LIMITS_MAX_STREAMS_PER_CLIENT", "3",
        "ACM_LIMITS_NO_AUDIO_TIMEOUT_SECONDS", "5", "ACM_ENGINE_MAX_AUDIO_SECONDS", "600")).serve();
    assertEquals(3, c.limits().maxStreamsPerClient());
    assertEquals(5.0, c.limits().noAudioTimeoutSeconds());
    assertEquals(600, c.engine().maxAudioSeconds());
    assertEquals("limits.max_streams_per_client = -1 (from ACM_LIMITS_MAX_STREAMS_PER_CLIENT): must be in [0, 100000] "
        + "(0 = no limit)",
        error(null, Map.of("ACM_LIMITS_MAX_STREAMS_PER_CLIENT", "-1")));
    assertEquals("engine.max_audio_seconds = 0 (from ACM_ENGINE_MAX_AUDIO_SECONDS): must be in [1, 86400]",
        error(null, Map.of("ACM_ENGINE_MAX_AUDIO_SECONDS", "0")));
  }

  private String errorAt(Path f, Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(f, env)).getMessage();
  }

  /** One setting of each section, a value of the wrong type for it, and how the environment spells it. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "server      | port                   | \"eighty\" | must be an integer",
      "limits      | idle_timeout_seconds   | \"soon\"   | must be a number",
      "engine      | max_batch              | 2.5        | must be a whole number",
      "decoder     | budget                 | \"half\"   | must be a number",
      "endpointing | enabled                | \"yes\"    | must be true or false",
      "model       | path                   | 5          | must be a string",
      "vosk        | sample_rate            | \"8k\"     | must be an integer",
      "kafka       | max_in_flight          | true       | must be an integer",
      "features    | num_mel_bins           | \"many\"   | must be an integer"})
  void aBadValueInEachSectionNamesKeyValueAndSource(String section, String key, String json, String rule)
      throws Exception {
    Path f = file("{\"" + section + "\": {\"" + key + "\": " + json + "}}");
    assertEquals(section + "." + key + " = " + json + " (in " + f + "): " + rule, errorAt(f, Map.of()));
    String variable = "ACM_" + (section + "_" + key).toUpperCase(Locale.ROOT);
    if (!rule.equals("must be a string")) {
      String envRule = rule.equals("must be a whole number") ? "must be an integer" : rule; // "x1" is no number
      assertEquals(section + "." + key + " = \"x1\" (from " + variable + "): " + envRule,
          errorAt(null, Map.of(variable, "x1")));
    }
  }

  @Test
  void theEnvironmentOverridesTheFileInEverySection() throws Exception {
    Path f = file("""
        {"server": {"port": 9000}, "limits": {"max_body_bytes": 4096}, "engine": {"workers": 2},
         "decoder": {"beam_width": 4, "budget": 0.5}, "endpointing": {"max_utterance": 10}, "model": {"path": "a.acm"},
         "vosk": {"port": 2700}, "kafka": {"group_id": "file", "properties": {"security.protocol": "SSL"}},
         "features": {"num_mel_bins": 80}}
        """);
    Map<String, String> env = Map.ofEntries(Map.entry("ACM_SERVER_PORT", "9100"),
        Map.entry("ACM_LIMITS_MAX_BODY_BYTES", "8192"), Map.entry("ACM_ENGINE_WORKERS", "3"),
        Map.entry("ACM_DECODER_BUDGET", "0.25"), Map.entry("ACM_ENDPOINTING_MAX_UTTERANCE", "12"),
        Map.entry("ACM_MODEL_PATH", "b.acm"), Map.entry("ACM_VOSK_PORT", "2701"),
        Map.entry("ACM_KAFKA_GROUP_ID", "env"), Map.entry("ACM_KAFKA_PROPERTIES", "security.protocol=SASL_SSL,a.b=1"),
        Map.entry("ACM_FEATURES_NUM_MEL_BINS", "64"));
    ServiceConfig c = ConfigLoader.load(f, env);
    assertEquals(9100, c.serve().http().port());
    assertEquals(8192, c.serve().limits().maxBodyBytes());
    assertEquals(3, c.serve().engine().workers());
    assertEquals(4, c.serve().decoder().beamWidth(), "the file, where the environment is silent");
    assertEquals(0.25, c.serve().session().budget());
    assertEquals(0.25, c.kafka().defaultBudget(), "one default budget for streams and Kafka requests");
    assertEquals(12, c.serve().session().endpointing().maxUtterance());
    assertEquals(Path.of("b.acm"), c.serve().model());
    assertEquals(2701, c.serve().vosk().port());
    assertEquals("env", c.kafka().groupId());
    assertEquals(Map.of("security.protocol", "SASL_SSL", "a.b", "1"), c.kafka().properties());
    assertEquals("features.num_mel_bins = 300 (from ACM_FEATURES_NUM_MEL_BINS): must be in [1, 256]",
        errorAt(f, Map.of("ACM_FEATURES_NUM_MEL_BINS", "300")), "the features section is checked too");
    assertTrue(c.warnings().isEmpty(), c.warnings().toString());
  }

  @Test
  void theFileIsReadOnceForEverySection() throws Exception {
    Path f = file("{\"server\": {\"port\": 9000}, \"engine\": {\"max_batch\": 8}, \"kafka\": {\"group_id\": \"g\"}}");
    AtomicInteger reads = new AtomicInteger();
    ServiceConfig c = ConfigLoader.load(f, Map.of(), p -> {
      reads.incrementAndGet();
      return Files.readAllBytes(p);
    });
    assertEquals(1, reads.get());
    assertEquals(9000, c.serve().http().port());
    assertEquals(8, c.serve().engine().maxBatch());
    assertEquals("g", c.kafka().groupId());
  }

  @Test
  void theDocumentedKafkaDefaultBudgetStillWorksWithAWarning() throws Exception {
    Path f = file("{\"kafka\": {\"default_budget\": 0.5}}");
    ServiceConfig c = ConfigLoader.load(f, Map.of());
    assertEquals(0.5, c.kafka().defaultBudget());
    assertEquals(0.5, c.serve().session().budget());
    assertEquals(List.of("kafka.default_budget (in " + f + ") is deprecated: set decoder.budget (the default budget "
        + "of streams, batch and Kafka requests) instead"), c.warnings());
    Path both = file("{\"kafka\": {\"default_budget\": 0.5}, \"decoder\": {\"budget\": 0.75}}");
    assertEquals("kafka.default_budget = 0.5 (in " + both + "), decoder.budget = 0.75 (in " + both + "): one default "
        + "budget serves streams, batch and Kafka requests; set only decoder.budget", errorAt(both, Map.of()));
    assertEquals("kafka.default_budget = 0.0 (from ACM_KAFKA_DEFAULT_BUDGET): must be in (0, 1]",
        errorAt(null, Map.of("ACM_KAFKA_DEFAULT_BUDGET", "0")));
  }

  @Test
  void unknownSectionsAndKeysAreRefusedEverywhere() throws Exception {
    Path f = file("{\"kafak\": {\"group_id\": \"g\"}}");
    assertTrue(errorAt(f, Map.of()).startsWith("kafak (in " + f + "): unknown section; known: "), errorAt(f, Map.of()));
    Path k = file("{\"kafka\": {\"group\": \"g\"}}");
    assertTrue(errorAt(k, Map.of()).startsWith("kafka.group (in " + k + "): unknown setting; known: kafka."));
    assertTrue(errorAt(null, Map.of("ACM_KAFKA_GROUP", "g")).startsWith("ACM_KAFKA_GROUP (environment): unknown setting"));
    assertTrue(errorAt(null, Map.of("ACM_FEATURES_BINS", "8")).startsWith("ACM_FEATURES_BINS (environment): unknown"));
  }

  @Test
  void theExampleAndSampleFilesAreValidAndUseNoDeprecatedKey() {
    for (String p : List.of("deploy/acm-asr.example.json", "samples/kafka/acm-asr.json")) {
      ServiceConfig c = ConfigLoader.load(Path.of(p), Map.of());
      assertTrue(c.warnings().isEmpty(), p + ": " + c.warnings());
    }
  }
}
