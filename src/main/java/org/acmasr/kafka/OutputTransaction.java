package org.acmasr.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's outputs and offsets as one Kafka transaction, begun by the first output: either every
 * transcript, dead letter and offset of the batch becomes visible to read_committed readers, or none.
 */
final class OutputTransaction {
  private final Producer<byte[], byte[]> producer;
  private boolean open;
  private int transcripts;
  private int deadLetters;
  private double audioSeconds;

  OutputTransaction(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  void sendTranscript(String topic, String requestId, byte[] value, double seconds) {
    send(topic, requestId, value);
    transcripts++;
    audioSeconds += seconds;
  }

  void sendDeadLetter(String topic, String requestId, byte[] value) {
    send(topic, requestId, value);
    deadLetters++;
  }

  /** Adds the consumed offsets (with the consumer's group generation, which fences zombies) and commits. */
  void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    begin();
    if (!offsets.isEmpty()) producer.sendOffsetsToTransaction(offsets, group);
    producer.commitTransaction();
    open = false;
  }

  /** Aborts if a transaction is open. */
  void abort() {
    if (open) {
      open = false;
      producer.abortTransaction();
    }
  }

  /** True while nothing was sent. */
  boolean isEmpty() {
    return transcripts == 0 && deadLetters == 0;
  }

  int transcripts() {
    return transcripts;
  }

  int deadLetters() {
    return deadLetters;
  }

  double audioSeconds() {
    return audioSeconds;
  }

  private void send(String topic, String requestId, byte[] value) {
    begin();
    byte[] key = requestId.isEmpty() ? null : requestId.getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  private void begin() {
    if (!open) {
      producer.beginTransaction();
      open = true;
    }
  }
}
