package org.acmasr.kafka;

import java.util.Properties;
import org.acmasr.config.KafkaConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients a worker and the command-line tools use, configured for exactly-once. */
public final class KafkaClients {
  private KafkaClients() {}

  /**
   * The worker's consumer: its group, read_committed, offsets committed only through transactions.
   * A static member ({@code group.instance.id} = the instance id): an instance restarted after a crash
   * takes its partitions back at once instead of waiting out the dead member's session timeout.
   */
  static KafkaConsumer<byte[], byte[]> workerConsumer(KafkaConfig c) {
    Properties p = common(c);
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, c.groupId());
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, c.instanceId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "acm-asr-" + c.instanceId() + "-consumer");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(c.maxPollRecords()));
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The worker's transactional producer (one transactional id per instance). */
  static KafkaProducer<byte[], byte[]> workerProducer(KafkaConfig c) {
    return new KafkaProducer<>(workerProducerConfig(c), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The worker producer's settings. */
  static Properties workerProducerConfig(KafkaConfig c) {
    Properties p = common(c);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "acm-asr-" + c.instanceId() + "-producer");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, c.transactionalId());
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(c.transactionTimeoutMs()));
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return p;
  }

  /** A producer for clients submitting audio: idempotent, so retries neither duplicate nor reorder chunks. */
  public static KafkaProducer<byte[], byte[]> submitter(KafkaConfig c) {
    Properties p = common(c);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A consumer that sees only committed transcripts, outside any group unless {@code groupId} is given. */
  public static KafkaConsumer<byte[], byte[]> reader(KafkaConfig c, String groupId) {
    Properties p = common(c);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, Boolean.toString(groupId != null));
    if (groupId != null) p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Bootstrap servers and the configured extra properties. */
  public static Properties common(KafkaConfig c) {
    Properties p = new Properties();
    p.putAll(c.properties());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
    return p;
  }
}
