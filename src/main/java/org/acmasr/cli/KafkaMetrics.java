package org.acmasr.cli;

import org.acmasr.kafka.KafkaTranscriptionVerticle;
import org.acmasr.kafka.WorkerStats;
import org.acmasr.server.ServerMetrics;

/** Puts the Kafka worker of {@code serve --kafka} on the service's {@code /metrics} (read at scrape time). */
final class KafkaMetrics {
  private KafkaMetrics() {}

  static void register(ServerMetrics m, KafkaTranscriptionVerticle worker) {
    m.counter("acm.kafka.records", "Kafka audio records read", () -> snap(worker).records());
    m.counter("acm.kafka.transcripts", "Kafka transcripts committed", () -> snap(worker).transcripts());
    m.counter("acm.kafka.dead.letters", "Kafka dead letters committed", () -> snap(worker).deadLetters());
    m.counter("acm.kafka.audio.seconds", "Audio in committed Kafka transcripts", () -> snap(worker).audioSeconds());
    m.counter("acm.kafka.transactions", "Kafka transactions committed", () -> snap(worker).transactions());
    m.counter("acm.kafka.aborts", "Kafka transactions aborted", () -> snap(worker).aborts());
    m.gauge("acm.kafka.partitions", "Audio-topic partitions owned now", () -> snap(worker).partitions());
  }

  private static WorkerStats.Snapshot snap(KafkaTranscriptionVerticle worker) {
    return worker.stats().snapshot();
  }
}
