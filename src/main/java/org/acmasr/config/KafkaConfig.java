package org.acmasr.config;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.acmasr.budget.Budget;

/**
 * How a Kafka transcription worker runs. Immutable and validated: errors name the key and value, e.g.
 * {@code kafka.max_poll_records = 0: must be in [1, 10000]}.
 *
 * @param bootstrapServers      the brokers, {@code host:port[,host:port...]}
 * @param audioTopic            where requests ({@code AudioRecord}) are read
 * @param transcriptTopic       where {@code TranscriptRecord}s are written, keyed by request id
 * @param deadLetterTopic       where {@code FailedRecord}s are written, keyed by request id
 * @param groupId               the consumer group every instance joins
 * @param transactionalIdPrefix with {@code instanceId}, the producer's transactional id
 * @param instanceId            stable per instance: a restarted instance fences its previous self
 * @param defaultBudget         β for requests that name none, in (0, 1]: {@code decoder.budget}
 * @param maxPollRecords        records read per poll
 * @param maxInFlight           requests decoded at once through the shared scheduler (they are batched);
 *                              reading pauses while as many more wait
 * @param commitIntervalMs      results are collected this long between transactions (while requests run)
 * @param maxRequestBytes       a request's encoded audio (all chunks) may not exceed this
 * @param maxAudioSeconds       nor may its decoded audio last longer than this
 * @param reassemblyTimeoutMs   a chunked request fails when its last chunk has not come this long after
 *                              chunk 0 (by record timestamps)
 * @param pollTimeoutMs         longest one poll waits for records
 * @param transactionTimeoutMs  the producer's transaction.timeout.ms: how long a dead instance's open
 *                              transaction blocks readers if that instance never comes back
 * @param commitMetadataLimit   characters of reassembly state per partition stored with the committed
 *                              offset; at most the broker's {@code offset.metadata.max.bytes}
 * @param properties            extra client settings for the consumer and the producer (security,
 *                              timeouts, {@code group.protocol}...); settings exactly-once depends on
 *                              are refused
 */
public record KafkaConfig(String bootstrapServers, String audioTopic, String transcriptTopic, String deadLetterTopic,
    String groupId, String transactionalIdPrefix, String instanceId, double defaultBudget, int maxPollRecords,
    int maxInFlight, int commitIntervalMs, long maxRequestBytes, int maxAudioSeconds, long reassemblyTimeoutMs, int pollTimeoutMs,
    int transactionTimeoutMs, int commitMetadataLimit, Map<String, String> properties) {

  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  /** Client settings acm-asr sets itself, with the reason. */
  static final Map<String, String> MANAGED = Map.ofEntries(
      Map.entry("bootstrap.servers", "use kafka.bootstrap_servers"),
      Map.entry("group.id", "use kafka.group_id"),
      Map.entry("group.instance.id", "kafka.instance_id is the static group member id"),
      Map.entry("transactional.id", "use kafka.transactional_id_prefix and kafka.instance_id"),
      Map.entry("transaction.timeout.ms", "use kafka.transaction_timeout_ms"),
      Map.entry("max.poll.records", "use kafka.max_poll_records"),
      Map.entry("enable.auto.commit", "exactly-once commits offsets in transactions"),
      Map.entry("isolation.level", "exactly-once reads read_committed"),
      Map.entry("enable.idempotence", "transactions need the idempotent producer"),
      Map.entry("acks", "transactions need acks=all"),
      Map.entry("key.deserializer", "records are bytes"),
      Map.entry("value.deserializer", "records are bytes"),
      Map.entry("key.serializer", "records are bytes"),
      Map.entry("value.serializer", "records are bytes"));

  public KafkaConfig {
    requireText("kafka.bootstrap_servers", bootstrapServers);
    topic("kafka.audio_topic", audioTopic);
    topic("kafka.transcript_topic", transcriptTopic);
    topic("kafka.dead_letter_topic", deadLetterTopic);
    if (new HashSet<>(List.of(audioTopic, transcriptTopic, deadLetterTopic)).size() != 3) {
      throw new IllegalArgumentException("kafka.audio_topic = '" + audioTopic + "', kafka.transcript_topic = '"
          + transcriptTopic + "', kafka.dead_letter_topic = '" + deadLetterTopic + "': must be three different topics");
    }
    requireText("kafka.group_id", groupId);
    id("kafka.transactional_id_prefix", transactionalIdPrefix);
    id("kafka.instance_id", instanceId);
    Budget.fixed("kafka.default_budget", defaultBudget);
    range("kafka.max_poll_records", maxPollRecords, 1, 10_000);
    range("kafka.max_in_flight", maxInFlight, 1, 4096);
    range("kafka.commit_interval_ms", commitIntervalMs, 0, 60_000);
    range("kafka.max_request_bytes", maxRequestBytes, 1024, 1L << 30);
    range("kafka.max_audio_seconds", maxAudioSeconds, 1, 24 * 3600);
    range("kafka.reassembly_timeout_ms", reassemblyTimeoutMs, 1000, 7L * 24 * 3600 * 1000);
    range("kafka.poll_timeout_ms", pollTimeoutMs, 1, 60_000);
    range("kafka.transaction_timeout_ms", transactionTimeoutMs, 1000, 900_000);
    range("kafka.commit_metadata_limit", commitMetadataLimit, 256, 1_000_000);
    properties = Map.copyOf(properties);
    for (String k : properties.keySet()) {
      String why = MANAGED.get(k);
      if (why != null) {
        throw new IllegalArgumentException("kafka.properties." + k + ": set by acm-asr (" + why + ")");
      }
    }
  }

  /** The defaults (README), for brokers at {@code bootstrap} and this instance id. */
  public static KafkaConfig defaults(String bootstrap, String instanceId) {
    return fromJson(new JsonObject().put("bootstrap_servers", bootstrap).put("instance_id", instanceId));
  }

  /**
   * A {@code kafka} section built in memory, read as {@link ConfigLoader} reads the file's; absent keys
   * take their defaults (the instance id: this host's name).
   *
   * @throws IllegalArgumentException naming the key for a wrong type, a bad value or an unknown key
   */
  public static KafkaConfig fromJson(JsonObject kafka) {
    return ConfigLoader.fromJson(new JsonObject().put("kafka", kafka).encode()).kafka();
  }

  /**
   * The {@code kafka} section that {@link #fromJson} reads back into this configuration, but for the
   * default budget: that is {@code decoder.budget}, shared with the server.
   */
  public JsonObject toJson() {
    JsonObject props = new JsonObject();
    properties.forEach(props::put);
    return new JsonObject()
        .put("bootstrap_servers", bootstrapServers).put("audio_topic", audioTopic)
        .put("transcript_topic", transcriptTopic).put("dead_letter_topic", deadLetterTopic)
        .put("group_id", groupId).put("transactional_id_prefix", transactionalIdPrefix)
        .put("instance_id", instanceId)
        .put("max_poll_records", maxPollRecords).put("max_in_flight", maxInFlight)
        .put("commit_interval_ms", commitIntervalMs)
        .put("max_request_bytes", maxRequestBytes).put("max_audio_seconds", maxAudioSeconds)
        .put("reassembly_timeout_ms", reassemblyTimeoutMs).put("poll_timeout_ms", pollTimeoutMs)
        .put("transaction_timeout_ms", transactionTimeoutMs).put("commit_metadata_limit", commitMetadataLimit)
        .put("properties", props);
  }

  /** The producer's transactional id: one per instance, stable across its restarts. */
  public String transactionalId() {
    return transactionalIdPrefix + "-" + instanceId;
  }

  public KafkaConfig withBootstrapServers(String servers) {
    return new KafkaConfig(servers, audioTopic, transcriptTopic, deadLetterTopic, groupId, transactionalIdPrefix,
        instanceId, defaultBudget, maxPollRecords, maxInFlight, commitIntervalMs, maxRequestBytes, maxAudioSeconds,
        reassemblyTimeoutMs, pollTimeoutMs, transactionTimeoutMs, commitMetadataLimit, properties);
  }

  public KafkaConfig withInstanceId(String id) {
    return new KafkaConfig(bootstrapServers, audioTopic, transcriptTopic, deadLetterTopic, groupId,
        transactionalIdPrefix, id, defaultBudget, maxPollRecords, maxInFlight, commitIntervalMs, maxRequestBytes,
        maxAudioSeconds, reassemblyTimeoutMs, pollTimeoutMs, transactionTimeoutMs, commitMetadataLimit, properties);
  }

  private static void requireText(String key, String v) {
    if (v == null || v.isBlank()) throw new IllegalArgumentException(key + " = '" + v + "': must not be empty");
  }

  private static void topic(String key, String v) {
    if (v == null || !TOPIC.matcher(v).matches() || v.equals(".") || v.equals("..")) {
      throw new IllegalArgumentException(key + " = '" + v
          + "': must be a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
    }
  }

  private static void id(String key, String v) {
    if (v == null || !ID.matcher(v).matches()) {
      throw new IllegalArgumentException(key + " = '" + v + "': must be 1 to 200 of a-z A-Z 0-9 . _ -");
    }
  }

  private static void range(String key, long v, long min, long max) {
    if (v < min || v > max) throw new IllegalArgumentException(key + " = " + v + ": must be in [" + min + ", " + max + "]");
  }
}
