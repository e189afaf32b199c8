package org.acmasr.config;

import java.io.IOException;
import java.net.InetAddress;

/** Reads the {@code kafka} section; absent keys take their defaults (the instance id: this host's name). */
final class KafkaSection {
  private KafkaSection() {}

  /** @param budget the default budget, read by {@link DefaultBudget} */
  static KafkaConfig read(Settings s, double budget) {
    return new KafkaConfig(
        s.getString("kafka.bootstrap_servers", "localhost:9092"),
        s.getString("kafka.audio_topic", "acm.audio"),
        s.getString("kafka.transcript_topic", "acm.transcripts"),
        s.getString("kafka.dead_letter_topic", "acm.audio.dead-letter"),
        s.getString("kafka.group_id", "acm-asr"),
        s.getString("kafka.transactional_id_prefix", "acm-asr"),
        s.isSet("kafka.instance_id") ? s.getString("kafka.instance_id", null) : hostName(),
        budget,
        s.getInt("kafka.max_poll_records", 32),
        s.getInt("kafka.max_in_flight", 32),
        s.getInt("kafka.commit_interval_ms", 100),
        s.getLong("kafka.max_request_bytes", 64L << 20),
        s.getInt("kafka.max_audio_seconds", 3600),
        s.getLong("kafka.reassembly_timeout_ms", 600_000),
        s.getInt("kafka.poll_timeout_ms", 200),
        s.getInt("kafka.transaction_timeout_ms", 60_000),
        s.getInt("kafka.commit_metadata_limit", 4000),
        s.getStringMap("kafka.properties"));
  }

  /** This host's name as an instance id, or {@code worker-1} where it has none. */
  static String hostName() {
    try {
      String h = InetAddress.getLocalHost().getHostName().replaceAll("[^a-zA-Z0-9._-]", "-");
      return h.isEmpty() ? "worker-1" : h;
    } catch (IOException e) {
      return "worker-1";
    }
  }
}
