package org.acmasr.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker (controller and broker in one) started in this JVM, with settings
 * for one node (replication factor 1 for the internal topics) and quick group coordination.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit kit;
  private final Admin admin;

  private EmbeddedKafka(KafkaClusterTestKit kit) {
    this.kit = kit;
    this.admin = kit.admin();
  }

  public static EmbeddedKafka start() throws Exception {
    KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
        .setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "4")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "4")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // A hard-killed member is noticed after 6 s instead of 45 s (both group protocols).
        .setConfigProp("group.consumer.session.timeout.ms", "6000")
        .setConfigProp("group.consumer.min.session.timeout.ms", "6000")
        .setConfigProp("group.consumer.heartbeat.interval.ms", "500")
        .setConfigProp("group.consumer.min.heartbeat.interval.ms", "500")
        .build();
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      return new EmbeddedKafka(kit);
    } catch (Exception e) {
      kit.close();
      throw e;
    }
  }

  public String bootstrap() {
    return kit.bootstrapServers();
  }

  public Admin admin() {
    return admin;
  }

  public void createTopics(int partitions, String... names) throws Exception {
    Topics.create(admin, partitions, List.of(names));
  }

  /** An idempotent producer of raw bytes. */
  public KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Every record of a topic up to its end as seen with the isolation level: for read_committed,
   * committed records only, up to the last stable offset.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean committedOnly) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition()))
          .toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + topic + " to its end");
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
    }
    return out;
  }

  /** Polls {@code readAll(topic, true)} until {@code done} holds for it. */
  public List<ConsumerRecord<byte[], byte[]>> awaitCommitted(String topic, Duration timeout,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ConsumerRecord<byte[], byte[]>> all = readAll(topic, true);
      if (done.test(all)) return all;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting on " + topic + " (" + all.size()
            + " committed records)");
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() throws Exception {
    admin.close();
    kit.close();
  }

  /**
   * Runs a broker until killed, for trying the commands by hand or measuring throughput:
   * {@code mvn -Pkafka-broker test-compile exec:exec}; prints (and with an argument writes to that
   * file) the bootstrap address.
   */
  public static void main(String[] args) throws Exception {
    EmbeddedKafka k = start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        k.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    System.out.println("Kafka broker (KRaft, single node) ready at " + k.bootstrap());
    if (args.length > 0) java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), k.bootstrap());
    System.out.println("Stop it with Ctrl-C.");
    Thread.currentThread().join();
  }
}
