package org.acmasr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Path p = dir.resolve("acm-asr.json");
    Files.writeString(p, json);
    return p;
  }

  private String error(Path f, Map<String, String> env) {
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
    assertEquals(section + "." + key + " = " + json + " (in " + f + "): " + rule, error(f, Map.of()));
    String variable = "ACM_" + (section + "_" + key).toUpperCase(java.util.Locale.ROOT);
    if (!rule.equals("must be a string")) {
      String envRule = rule.equals("must be a whole number") ? "must be an integer" : rule; // "x1" is no number
      assertEquals(section + "." + key + " = \"x1\" (from " + variable + "): " + envRule,
          error(null, Map.of(variable, "x1")));
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
    assertEquals(4, c.serve().beamWidth(), "the file, where the environment is silent");
    assertEquals(0.25, c.serve().session().budget());
    assertEquals(0.25, c.kafka().defaultBudget(), "one default budget for streams and Kafka requests");
    assertEquals(12, c.serve().session().endpointing().maxUtterance());
    assertEquals(Path.of("b.acm"), c.serve().model());
    assertEquals(2701, c.serve().vosk().port());
    assertEquals("env", c.kafka().groupId());
    assertEquals(Map.of("security.protocol", "SASL_SSL", "a.b", "1"), c.kafka().properties());
    assertEquals("features.num_mel_bins = 300: must be in [1, 256]",
        error(f, Map.of("ACM_FEATURES_NUM_MEL_BINS", "300")), "the features section is checked too");
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
        + "budget serves streams, batch and Kafka requests; set only decoder.budget", error(both, Map.of()));
    assertEquals("kafka.default_budget = 0.0: must be in (0, 1]",
        error(null, Map.of("ACM_KAFKA_DEFAULT_BUDGET", "0")));
  }

  @Test
  void unknownSectionsAndKeysAreRefusedEverywhere() throws Exception {
    Path f = file("{\"kafak\": {\"group_id\": \"g\"}}");
    assertTrue(error(f, Map.of()).startsWith("kafak (in " + f + "): unknown section; known: "), error(f, Map.of()));
    Path k = file("{\"kafka\": {\"group\": \"g\"}}");
    assertTrue(error(k, Map.of()).startsWith("kafka.group (in " + k + "): unknown setting; known: kafka."));
    assertTrue(error(null, Map.of("ACM_KAFKA_GROUP", "g")).startsWith("ACM_KAFKA_GROUP (environment): unknown setting"));
    assertTrue(error(null, Map.of("ACM_FEATURES_BINS", "8")).startsWith("ACM_FEATURES_BINS (environment): unknown"));
  }

  @Test
  void theExampleAndSampleFilesAreValidAndUseNoDeprecatedKey() {
    for (String p : List.of("deploy/acm-asr.example.json", "samples/kafka/acm-asr.json")) {
      ServiceConfig c = ConfigLoader.load(Path.of(p), Map.of());
      assertTrue(c.warnings().isEmpty(), p + ": " + c.warnings());
    }
  }
}
