package org.acmasr.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.acmasr.budget.Budget;
import org.acmasr.config.KafkaConfig;
import org.acmasr.kafka.proto.AudioChunk;
import org.acmasr.kafka.proto.AudioRecord;
import org.acmasr.kafka.proto.FailureReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one partition's records in offset order: validates them, reassembles chunked requests, and
 * says what may be committed. Records answered before the last commit are skipped
 * ({@link ReplayMarker}); chunks of requests still open are kept until the last one arrives, and a
 * complete request stays unanswered until {@link #answered} (its transcript or dead letter is in the
 * transaction about to commit). Every record ends up in exactly one outcome: its request's
 * transcript, its request's dead letter, or its own dead letter. Used by one thread.
 */
final class PartitionAssembler {

  /** The limits a request must respect. */
  record Limits(Budget.Fixed defaultBudget, long maxRequestBytes, long reassemblyTimeoutMs) {
    static Limits of(KafkaConfig c) {
      return new Limits(Budget.fixed("kafka.default_budget", c.defaultBudget()), c.maxRequestBytes(),
          c.reassemblyTimeoutMs());
    }
  }

  /** A chunked request waiting for more chunks. */
  private static final class Open {
    final String id;
    final RequestFormat format;
    final long firstTimestamp;
    long lastTimestamp;
    final List<Long> offsets = new ArrayList<>();
    final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    int next;

    Open(String id, RequestFormat format, long firstTimestamp) {
      this.id = id;
      this.format = format;
      this.firstTimestamp = firstTimestamp;
    }
  }

  private final TopicPartition tp;
  private final Limits limits;
  private final ReplayMarker replay;
  private final Map<String, Open> open = new LinkedHashMap<>(); // in order of their first offset
  private final Map<Long, List<Long>> unanswered = new LinkedHashMap<>(); // complete requests by first offset
  private final long generation;
  private long position; // next offset to read, -1 before the first record when nothing was committed
  private long streamTime = Long.MIN_VALUE;

  /**
   * @param committed the partition's committed offset, or -1 if none
   * @param replay    the state committed with it
   */
  PartitionAssembler(TopicPartition tp, Limits limits, long committed, ReplayMarker replay) {
    this(tp, limits, committed, replay, 0);
  }

  /** @param generation tags this ownership of the partition (results of an earlier one are stale) */
  PartitionAssembler(TopicPartition tp, Limits limits, long committed, ReplayMarker replay, long generation) {
    this.tp = tp;
    this.limits = limits;
    this.position = committed;
    this.replay = replay;
    this.generation = generation;
  }

  TopicPartition partition() {
    return tp;
  }

  long generation() {
    return generation;
  }

  /** The request's transcript or dead letter goes out with the next commit: its records need no re-reading. */
  void answered(Outcome.Assembled request) {
    unanswered.remove(request.offsets().get(0));
  }

  /** Complete requests not yet answered. */
  int unansweredRequests() {
    return unanswered.size();
  }

  /** Requests with chunks held. */
  int openRequests() {
    return open.size();
  }

  /** Latest record timestamp read (ms), the clock of reassembly timeouts. */
  long streamTime() {
    return streamTime;
  }

  /** Reads the next record of the partition; a complete request or a rejection, if this record makes one. */
  Optional<Outcome> accept(ConsumerRecord<byte[], byte[]> r) {
    position = r.offset() + 1;
    if (replay.skip(r.offset())) return Optional.empty();
    streamTime = Math.max(streamTime, r.timestamp());
    String keyId = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    AudioRecord a;
    try {
      if (r.value() == null || r.value().length == 0) {
        return stray(r, keyId, Map.of(), FailureReason.UNPARSEABLE, "record has no value (a tombstone?), not an AudioRecord");
      }
      a = AudioRecord.parseFrom(r.value());
    } catch (InvalidProtocolBufferException e) {
      return stray(r, keyId, Map.of(), FailureReason.UNPARSEABLE, "not an AudioRecord: " + e.getMessage());
    }
    String id = a.getRequestId().isEmpty() ? keyId : a.getRequestId();
    if (id.isEmpty()) {
      return stray(r, "", a.getMetadataMap(), FailureReason.MISSING_REQUEST_ID,
          "neither request_id nor the record key names the request");
    }
    if (!keyId.isEmpty() && !keyId.equals(id)) {
      return stray(r, id, a.getMetadataMap(), FailureReason.KEY_MISMATCH, "record key '" + keyId
          + "' differs from request_id '" + id + "' (key every record by its request id so chunks stay in order)");
    }
    try {
      return switch (a.getPayloadCase()) {
        case AUDIO -> whole(r, id, a);
        case CHUNK -> chunk(r, id, a);
        case PAYLOAD_NOT_SET -> stray(r, id, a.getMetadataMap(), FailureReason.NO_AUDIO,
            "request " + id + ": the record carries neither audio nor a chunk");
      };
    } catch (InvalidRequestException e) {
      return stray(r, id, a.getMetadataMap(), e.reason(), "request " + id + ": " + e.getMessage());
    }
  }

  private Optional<Outcome> whole(ConsumerRecord<byte[], byte[]> r, String id, AudioRecord a)
      throws InvalidRequestException {
    Open o = open.get(id);
    if (o != null) {
      return stray(r, id, a.getMetadataMap(), FailureReason.REQUEST_ID_CONFLICT, "request " + id
          + ": whole audio while a chunked upload of that id is open (chunk " + o.next + " expected)");
    }
    RequestFormat f = RequestFormat.of(a, limits.defaultBudget());
    byte[] audio = a.getAudio().toByteArray();
    if (audio.length > limits.maxRequestBytes()) {
      return stray(r, id, f.metadata(), FailureReason.OVERSIZE, "request " + id + ": " + audio.length
          + " bytes of audio: more than kafka.max_request_bytes = " + limits.maxRequestBytes());
    }
    return complete(new Outcome.Assembled(id, tp, List.of(r.offset()), f, audio, r.timestamp(), System.nanoTime()));
  }

  private Optional<Outcome> chunk(ConsumerRecord<byte[], byte[]> r, String id, AudioRecord a)
      throws InvalidRequestException {
    AudioChunk c = a.getChunk();
    long seq = Integer.toUnsignedLong(c.getSequence());
    Open o = open.get(id);
    if (o == null) {
      if (seq != 0) {
        return stray(r, id, a.getMetadataMap(), FailureReason.CHUNK_GAP, "chunk " + seq + " of request " + id
            + ": no open request to continue (chunk 0 starts one: it is missing, or the request already ended or failed)");
      }
      o = new Open(id, RequestFormat.of(a, limits.defaultBudget()), r.timestamp());
      open.put(id, o);
    } else if (seq < o.next) {
      return stray(r, id, o.format.metadata(), FailureReason.CHUNK_DUPLICATE, "chunk " + seq + " of request " + id
          + " was already received (chunk " + o.next + " expected); the request goes on without this copy");
    } else if (seq > o.next) {
      return fail(o, r, FailureReason.CHUNK_OUT_OF_ORDER, "chunk " + seq + " of request " + id + " arrived while chunk "
          + o.next + " was expected (chunks " + o.next + ".." + (seq - 1) + " are missing or out of order)");
    }
    o.offsets.add(r.offset());
    o.lastTimestamp = r.timestamp();
    o.next++;
    o.audio.writeBytes(c.getData().toByteArray());
    if (o.audio.size() > limits.maxRequestBytes()) {
      return fail(o, null, FailureReason.OVERSIZE, "request " + id + ": " + o.audio.size() + " bytes in " + o.next
          + " chunks: more than kafka.max_request_bytes = " + limits.maxRequestBytes());
    }
    if (!c.getLast()) return Optional.empty();
    open.remove(id);
    return complete(new Outcome.Assembled(id, tp, o.offsets, o.format, o.audio.toByteArray(), r.timestamp(),
        System.nanoTime()));
  }

  /**
   * Fails open requests whose chunk 0 is more than the reassembly timeout older than {@code nowMs}.
   *
   * @param nowMs the partition's stream time, or the wall clock once the partition is read to its end
   */
  List<Outcome> expire(long nowMs) {
    List<Outcome> out = new ArrayList<>();
    for (Open o : List.copyOf(open.values())) {
      if (nowMs - o.firstTimestamp > limits.reassemblyTimeoutMs()) {
        fail(o, null, FailureReason.REASSEMBLY_TIMEOUT, "request " + o.id + ": no last chunk within "
            + "kafka.reassembly_timeout_ms = " + limits.reassemblyTimeoutMs() + " ms of chunk 0 (chunks 0.."
            + (o.next - 1) + " received)").ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Keeps the commit metadata within {@code limit} characters by failing the open requests with the
   * most chunks.
   */
  List<Outcome> fit(int limit) {
    List<Outcome> out = new ArrayList<>();
    OffsetAndMetadata point = commitPoint();
    while (point != null && point.metadata().length() > limit && !open.isEmpty()) {
      Open biggest = open.values().stream().max(java.util.Comparator.comparingInt(o -> o.offsets.size())).orElseThrow();
      fail(biggest, null, FailureReason.REASSEMBLY_STATE_TOO_LARGE, "request " + biggest.id + ": its "
          + biggest.offsets.size() + " chunks, interleaved with other records, no longer fit in the partition's "
          + "commit metadata (kafka.commit_metadata_limit = " + limit + " characters)").ifPresent(out::add);
      point = commitPoint();
    }
    return out;
  }

  /**
   * The offset and metadata to commit with the answers given so far: the first record of the oldest
   * open or unanswered request (or the next record), with the state a new owner needs; null before
   * anything was read or committed.
   */
  OffsetAndMetadata commitPoint() {
    if (position < 0) return null;
    SortedSet<Long> pending = new TreeSet<>(replay.pending().tailSet(position)); // not read again yet
    for (Open o : open.values()) pending.addAll(o.offsets);
    for (List<Long> offsets : unanswered.values()) pending.addAll(offsets);
    long base = pending.isEmpty() ? position : Math.min(position, pending.first());
    ReplayMarker marker = new ReplayMarker(Math.max(position, replay.horizon()), pending);
    return new OffsetAndMetadata(base, marker.encode(base));
  }

  private Optional<Outcome> complete(Outcome.Assembled a) {
    unanswered.put(a.offsets().get(0), a.offsets());
    return Optional.of(a);
  }

  private Optional<Outcome> fail(Open o, ConsumerRecord<byte[], byte[]> r, FailureReason reason, String message) {
    open.remove(o.id);
    List<Long> offsets = new ArrayList<>(o.offsets);
    long ts = o.lastTimestamp;
    if (r != null) {
      offsets.add(r.offset());
      ts = r.timestamp();
    }
    return Optional.of(new Outcome.Rejected(o.id, tp, offsets, offsets.get(offsets.size() - 1), ts, reason, message,
        o.format.metadata()));
  }

  private Optional<Outcome> stray(ConsumerRecord<byte[], byte[]> r, String id, Map<String, String> metadata,
      FailureReason reason, String message) {
    return Optional.of(new Outcome.Rejected(id, tp, List.of(r.offset()), r.offset(), r.timestamp(), reason, message,
        metadata));
  }
}
