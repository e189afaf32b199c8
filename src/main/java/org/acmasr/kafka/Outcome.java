package org.acmasr.kafka;

import java.util.List;
import java.util.Map;
import org.acmasr.kafka.proto.FailureReason;
import org.apache.kafka.common.TopicPartition;

/** What reading records produced: a complete request to transcribe, or a rejection for the dead-letter topic. */
sealed interface Outcome {

  /** The request id (may be empty for a record that names none). */
  String requestId();

  /** The partition the request's records came from. */
  TopicPartition source();

  /** Every record of the request, in order. */
  List<Long> offsets();

  /**
   * A request whose audio is complete.
   *
   * @param timestampMs its last record's timestamp
   * @param readAtNanos when its last record was read ({@link System#nanoTime})
   */
  record Assembled(String requestId, TopicPartition source, List<Long> offsets, RequestFormat format, byte[] audio,
      long timestampMs, long readAtNanos) implements Outcome {
    public Assembled {
      offsets = List.copyOf(offsets);
    }
  }

  /**
   * A request or stray record that cannot be transcribed.
   *
   * @param offset      the record that made it fail
   * @param timestampMs that record's timestamp
   */
  record Rejected(String requestId, TopicPartition source, List<Long> offsets, long offset, long timestampMs,
      FailureReason reason, String message, Map<String, String> metadata) implements Outcome {
    public Rejected {
      offsets = List.copyOf(offsets);
      metadata = Map.copyOf(metadata);
    }
  }
}
