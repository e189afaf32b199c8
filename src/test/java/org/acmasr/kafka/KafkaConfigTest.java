package org.acmasr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.acmasr.config.KafkaConfig;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {

  private static String error(JsonObject kafka) {
    return assertThrows(IllegalArgumentException.class, () -> KafkaConfig.fromJson(kafka)).getMessage();
  }

  @Test
  void defaultsAndRoundTrip() {
    KafkaConfig c = KafkaConfig.defaults("b:9092", "host-1");
    assertEquals("acm.audio", c.audioTopic());
    assertEquals("acm.transcripts", c.transcriptTopic());
    assertEquals("acm.audio.dead-letter", c.deadLetterTopic());
    assertEquals("acm-asr", c.groupId());
    assertEquals("acm-asr-host-1", c.transactionalId());
    assertEquals(1.0, c.defaultBudget());
    assertEquals(32, c.maxPollRecords());
    assertEquals(64L << 20, c.maxRequestBytes());
    KafkaConfig custom = KafkaConfig.fromJson(c.toJson().put("max_in_flight", 7)
        .put("properties", new JsonObject().put("security.protocol", "SSL").put("fetch.max.wait.ms", 50)));
    assertEquals(custom, KafkaConfig.fromJson(custom.toJson()));
    assertEquals(Map.of("security.protocol", "SSL", "fetch.max.wait.ms", "50"), custom.properties());
    assertEquals("other", custom.withInstanceId("other").instanceId());
    assertEquals("x:1", custom.withBootstrapServers("x:1").bootstrapServers());
  }

  @Test
  void theShippedExampleFilesAreValidAndTheExampleStatesTheDefaults() throws Exception {
    JsonObject example = new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of(
        "deploy/acm-asr.example.json")));
    KafkaConfig c = KafkaConfig.fromJson(example.getJsonObject("kafka").copy().put("instance_id", "h"));
    assertEquals(KafkaConfig.defaults("localhost:9092", "h"), c);
    JsonObject sample = new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of(
        "samples/kafka/acm-asr.json")));
    assertEquals("acm.audio", KafkaConfig.fromJson(sample.getJsonObject("kafka")).audioTopic());
  }

  @Test
  void errorsNameTheKeyAndValue() {
    assertEquals("kafka.max_poll_records = 0: must be in [1, 10000]", error(new JsonObject().put("max_poll_records", 0)));
    assertEquals("kafka.default_budget = 1.5: must be in (0, 1]", error(new JsonObject().put("default_budget", 1.5)));
    assertEquals("kafka.max_request_bytes = 10: must be in [1024, 1073741824]",
        error(new JsonObject().put("max_request_bytes", 10)));
    assertEquals("kafka.audio_topic = 'a b': must be a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)",
        error(new JsonObject().put("audio_topic", "a b")));
    assertEquals("kafka.audio_topic = 'x', kafka.transcript_topic = 'x', kafka.dead_letter_topic = "
        + "'acm.audio.dead-letter': must be three different topics",
        error(new JsonObject().put("audio_topic", "x").put("transcript_topic", "x")));
    assertEquals("kafka.instance_id = 'a/b': must be 1 to 200 of a-z A-Z 0-9 . _ -",
        error(new JsonObject().put("instance_id", "a/b")));
    assertEquals("kafka.group_id = ' ': must not be empty", error(new JsonObject().put("group_id", " ")));
    assertEquals("kafka.max_in_flight = 2.5: must be a whole number", error(new JsonObject().put("max_in_flight", 2.5)));
    assertEquals("kafka.audio_topic = 5: must be a string", error(new JsonObject().put("audio_topic", 5)));
    assertEquals("kafka.poll_timeout: unknown key", error(new JsonObject().put("poll_timeout", 5)));
    assertEquals("kafka.properties: must be an object", error(new JsonObject().put("properties", "x")));
    assertEquals("kafka.properties.isolation.level: set by acm-asr (exactly-once reads read_committed)",
        error(new JsonObject().put("properties", new JsonObject().put("isolation.level", "read_uncommitted"))));
    assertEquals("kafka.properties.transactional.id: set by acm-asr (use kafka.transactional_id_prefix and "
        + "kafka.instance_id)", error(new JsonObject().put("properties", new JsonObject().put("transactional.id", "t"))));
  }
}
