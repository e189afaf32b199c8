package org.acmasr.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.acmasr.budget.Budget;
import org.acmasr.kafka.proto.AudioChunk;
import org.acmasr.kafka.proto.AudioRecord;
import org.acmasr.kafka.proto.FailureReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Reassembly, validation and the commit/replay state of one partition, without a broker. */
class PartitionAssemblerTest {
  private static final TopicPartition TP = new TopicPartition("audio", 3);
  private static final PartitionAssembler.Limits LIMITS = new PartitionAssembler.Limits(Budget.fixed(0.75), 1000, 60_000);

  private final List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ConsumerRecord<byte[], byte[]> append(String key, byte[] value, long timestamp) {
    ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(TP.topic(), TP.partition(), log.size(), timestamp,
        TimestampType.CREATE_TIME, -1, -1, key == null ? null : bytes(key), value, new RecordHeaders(),
        Optional.empty());
    log.add(r);
    return r;
  }

  private ConsumerRecord<byte[], byte[]> whole(String id, String audio) {
    return append(id, AudioRecord.newBuilder().setRequestId(id).setAudio(ByteString.copyFromUtf8(audio)).build()
        .toByteArray(), 1000 + log.size());
  }

  private ConsumerRecord<byte[], byte[]> chunk(String id, int seq, boolean last, String data) {
    return chunk(id, seq, last, data, 1000 + log.size());
  }

  private ConsumerRecord<byte[], byte[]> chunk(String id, int seq, boolean last, String data, long timestamp) {
    return append(id, AudioRecord.newBuilder().setRequestId(id).putMetadata("who", id)
        .setChunk(AudioChunk.newBuilder().setSequence(seq).setLast(last).setData(ByteString.copyFromUtf8(data)))
        .build().toByteArray(), timestamp);
  }

  private static Outcome.Assembled assembled(Optional<Outcome> o) {
    assertTrue(o.isPresent(), "expected an outcome");
    assertTrue(o.get() instanceof Outcome.Assembled, () -> "expected a complete request, got " + o.get());
    return (Outcome.Assembled) o.get();
  }

  private static Outcome.Rejected rejected(Optional<Outcome> o, FailureReason reason) {
    assertTrue(o.isPresent(), "expected an outcome");
    assertTrue(o.get() instanceof Outcome.Rejected, () -> "expected a rejection, got " + o.get());
    Outcome.Rejected r = (Outcome.Rejected) o.get();
    assertEquals(reason, r.reason(), r.message());
    return r;
  }

  private static void answer(PartitionAssembler pa, Outcome o) {
    if (o instanceof Outcome.Assembled a) pa.answered(a);
  }

  private static PartitionAssembler fresh() {
    return new PartitionAssembler(TP, LIMITS, 0, ReplayMarker.NONE);
  }

  @Test
  void interleavedChunksAreReassembledInOrder() {
    PartitionAssembler pa = fresh();
    assertTrue(pa.accept(chunk("a", 0, false, "A0")).isEmpty());
    Outcome.Assembled w = assembled(pa.accept(whole("w", "WHOLE")));
    assertEquals(List.of(1L), w.offsets());
    assertEquals(0.75f, ((Budget.Fixed) w.format().budget()).asFloat(), "default budget");
    assertTrue(pa.accept(chunk("b", 0, false, "B0")).isEmpty());
    assertTrue(pa.accept(chunk("a", 1, false, "A1")).isEmpty());
    Outcome.Assembled b = assembled(pa.accept(chunk("b", 1, true, "B1")));
    assertArrayEquals(bytes("B0B1"), b.audio());
    assertEquals(List.of(2L, 4L), b.offsets());
    Outcome.Assembled a = assembled(pa.accept(chunk("a", 2, true, "A2")));
    assertArrayEquals(bytes("A0A1A2"), a.audio());
    assertEquals(List.of(0L, 3L, 5L), a.offsets());
    assertEquals(Map.of("who", "a"), a.format().metadata());
    assertEquals(0, pa.openRequests());
    assertEquals(3, pa.unansweredRequests());
    pa.answered(w);
    pa.answered(b);
    OffsetAndMetadata point = pa.commitPoint();
    assertEquals(0, point.offset(), "request a is being transcribed: its records are read again after a crash");
    assertEquals(List.of(0L, 3L, 5L), List.copyOf(ReplayMarker.decode(0, point.metadata()).pending()));
    pa.answered(a);
    assertEquals(new OffsetAndMetadata(6, ""), pa.commitPoint());
  }

  @Test
  void theAutoBudgetIsReadWithItsFloorAndRefusedWithAFixedOneOrAFloorAlone() {
    PartitionAssembler pa = fresh();
    AudioRecord.Builder auto = AudioRecord.newBuilder().setRequestId("a").setBudgetAuto(true)
        .setAudio(ByteString.copyFromUtf8("a"));
    assertEquals(Budget.AUTO, assembled(pa.accept(append("a", auto.build().toByteArray(), 1))).format().budget());
    assertEquals(new Budget.Auto(0.5f), assembled(pa.accept(append("f", auto.setRequestId("f").setBudgetFloor(0.5f)
        .build().toByteArray(), 2))).format().budget());
    String[][] bad = {
        {"x", "request x: budget = 0.5 and budget_auto: give one of them"},
        {"y", "request y: budget_floor = 0.3: applies only with budget_auto"},
        {"z", "request z: budget_floor = 2.0: must be in (0, 1]"}};
    AudioRecord[] records = {
        AudioRecord.newBuilder().setRequestId("x").setBudgetAuto(true).setBudget(0.5f).setAudio(ByteString.copyFromUtf8("a")).build(),
        AudioRecord.newBuilder().setRequestId("y").setBudgetFloor(0.3f).setAudio(ByteString.copyFromUtf8("a")).build(),
        AudioRecord.newBuilder().setRequestId("z").setBudgetAuto(true).setBudgetFloor(2f).setAudio(ByteString.copyFromUtf8("a")).build()};
    for (int i = 0; i < bad.length; i++) {
      Outcome.Rejected r = rejected(pa.accept(append(bad[i][0], records[i].toByteArray(), 3 + i)), FailureReason.BAD_BUDGET);
      assertEquals(bad[i][1], r.message());
    }
  }

  @Test
  void chunkErrorsNameTheChunkAndRequest() {
    PartitionAssembler pa = fresh();
    Outcome.Rejected gap = rejected(pa.accept(chunk("x", 2, false, "..")), FailureReason.CHUNK_GAP);
    assertTrue(gap.message().startsWith("chunk 2 of request x: no open request to continue"), gap.message());
    assertEquals(List.of(0L), gap.offsets());

    pa.accept(chunk("d", 0, false, "D0"));
    Outcome.Rejected dup = rejected(pa.accept(chunk("d", 0, false, "D0")), FailureReason.CHUNK_DUPLICATE);
    assertEquals("chunk 0 of request d was already received (chunk 1 expected); the request goes on without this copy",
        dup.message());
    assertEquals(List.of(2L), dup.offsets());
    assertArrayEquals(bytes("D0D1"), assembled(pa.accept(chunk("d", 1, true, "D1"))).audio(), "dup was dropped");

    pa.accept(chunk("o", 0, false, "O0"));
    Outcome.Rejected ooo = rejected(pa.accept(chunk("o", 3, false, "O3")), FailureReason.CHUNK_OUT_OF_ORDER);
    assertEquals("chunk 3 of request o arrived while chunk 1 was expected (chunks 1..2 are missing or out of order)",
        ooo.message());
    assertEquals(List.of(4L, 5L), ooo.offsets(), "the whole request fails, with every record so far");
    assertEquals(5L, ooo.offset());
    assertEquals(Map.of("who", "o"), ooo.metadata());
    rejected(pa.accept(chunk("o", 1, true, "O1")), FailureReason.CHUNK_GAP); // the late chunk has nothing to join

    pa.accept(chunk("c", 0, false, "C0"));
    Outcome.Rejected conflict = rejected(pa.accept(whole("c", "W")), FailureReason.REQUEST_ID_CONFLICT);
    assertTrue(conflict.message().contains("whole audio while a chunked upload of that id is open (chunk 1 expected)"),
        conflict.message());
    assertEquals(1, pa.openRequests(), "the chunked upload goes on");
  }

  @Test
  void oversizeRequestsFailWholeOrChunked() {
    PartitionAssembler pa = fresh();
    Outcome.Rejected w = rejected(pa.accept(whole("big", "x".repeat(1001))), FailureReason.OVERSIZE);
    assertEquals("request big: 1001 bytes of audio: more than kafka.max_request_bytes = 1000", w.message());
    pa.accept(chunk("c", 0, false, "x".repeat(600)));
    Outcome.Rejected c = rejected(pa.accept(chunk("c", 1, false, "x".repeat(600))), FailureReason.OVERSIZE);
    assertEquals("request c: 1200 bytes in 2 chunks: more than kafka.max_request_bytes = 1000", c.message());
    assertEquals(List.of(1L, 2L), c.offsets());
    assertEquals(0, pa.openRequests());
  }

  @Test
  void badRecordsAreRejectedWithSpecificReasons() {
    PartitionAssembler pa = fresh();
    rejected(pa.accept(append("k", bytes("not a protobuf at all \u00ff\u00fe"), 1)), FailureReason.UNPARSEABLE);
    Outcome.Rejected tomb = rejected(pa.accept(append("k", null, 1)), FailureReason.UNPARSEABLE);
    assertEquals("k", tomb.requestId(), "the key names the request when nothing else does");
    rejected(pa.accept(append(null, AudioRecord.newBuilder().setAudio(ByteString.copyFromUtf8("a")).build()
        .toByteArray(), 1)), FailureReason.MISSING_REQUEST_ID);
    Outcome.Rejected mismatch = rejected(pa.accept(append("k1", AudioRecord.newBuilder().setRequestId("k2")
        .setAudio(ByteString.copyFromUtf8("a")).build().toByteArray(), 1)), FailureReason.KEY_MISMATCH);
    assertTrue(mismatch.message().startsWith("record key 'k1' differs from request_id 'k2'"), mismatch.message());
    rejected(pa.accept(append("e", AudioRecord.newBuilder().setRequestId("e").build().toByteArray(), 1)),
        FailureReason.NO_AUDIO);
    Outcome.Rejected budget = rejected(pa.accept(append("b", AudioRecord.newBuilder().setRequestId("b").setBudget(1.5f)
        .setAudio(ByteString.copyFromUtf8("a")).build().toByteArray(), 1)), FailureReason.BAD_BUDGET);
    assertEquals("request b: budget = 1.5: must be in (0, 1]", budget.message());
    Outcome.Rejected enc = rejected(pa.accept(append("o", AudioRecord.newBuilder().setRequestId("o")
        .setEncoding("ogg").setAudio(ByteString.copyFromUtf8("a")).build().toByteArray(), 1)),
        FailureReason.UNKNOWN_ENCODING);
    assertTrue(enc.message().startsWith("request o: encoding = 'ogg': expected auto"), enc.message());
    Outcome.Rejected rate = rejected(pa.accept(append("r", AudioRecord.newBuilder().setRequestId("r")
        .setEncoding("pcm_s16le").setSampleRate(500).setChunk(AudioChunk.newBuilder()).build().toByteArray(), 1)),
        FailureReason.BAD_SAMPLE_RATE);
    assertEquals("request r: sample_rate = 500: raw pcm_s16le needs a sample rate in [1000, 384000] Hz",
        rate.message());
    rejected(pa.accept(append("ch", AudioRecord.newBuilder().setRequestId("ch").setEncoding("pcm_f32le")
        .setSampleRate(8000).setChannels(65).setAudio(ByteString.EMPTY).build().toByteArray(), 1)),
        FailureReason.BAD_CHANNELS);
    Outcome.Assembled raw = assembled(pa.accept(append("ok", AudioRecord.newBuilder().setRequestId("ok")
        .setEncoding("PCM_S16LE").setSampleRate(8000).setChannels(2).setBudget(0.5f).setAudio(ByteString.EMPTY)
        .build().toByteArray(), 1)));
    assertEquals(8000, raw.format().raw().sampleRate());
    assertEquals(2, raw.format().raw().channels());
    assertEquals(0.5f, ((Budget.Fixed) raw.format().budget()).asFloat());
    pa.answered(raw);
    assertEquals(new OffsetAndMetadata(log.size(), ""), pa.commitPoint(), "bad records never hold the partition back");
  }

  @Test
  void openRequestsTimeOutByRecordTime() {
    PartitionAssembler pa = fresh();
    pa.accept(chunk("slow", 0, false, "S0", 10_000));
    pa.accept(chunk("fast", 0, false, "F0", 50_000));
    assertTrue(pa.expire(70_000).isEmpty(), "60 s after chunk 0 is not yet over the limit");
    List<Outcome> out = pa.expire(70_001);
    assertEquals(1, out.size());
    Outcome.Rejected r = rejected(Optional.of(out.get(0)), FailureReason.REASSEMBLY_TIMEOUT);
    assertEquals("request slow: no last chunk within kafka.reassembly_timeout_ms = 60000 ms of chunk 0 (chunks 0..0 "
        + "received)", r.message());
    assertEquals(1, pa.openRequests());
    assertEquals(1, pa.commitPoint().offset(), "the commit now waits only for the younger request");
  }

  @Test
  void stateThatOutgrowsTheCommitMetadataFailsTheLargestRequest() {
    PartitionAssembler pa = fresh();
    for (int i = 0; i < 200; i++) {
      pa.accept(chunk("many", i, false, "m"));
      pa.accept(whole("w" + i, "w")).ifPresent(o -> answer(pa, o));
      if (i < 3) pa.accept(chunk("few", i, false, "f"));
    }
    assertTrue(pa.commitPoint().metadata().length() > 300, pa.commitPoint().metadata());
    List<Outcome> out = pa.fit(300);
    assertEquals(1, out.size());
    Outcome.Rejected r = rejected(Optional.of(out.get(0)), FailureReason.REASSEMBLY_STATE_TOO_LARGE);
    assertEquals("many", r.requestId());
    assertEquals(200, r.offsets().size());
    assertTrue(pa.commitPoint().metadata().length() <= 300);
    assertEquals(1, pa.openRequests());
  }

  @Test
  void commitPointStopsAtTheOldestOpenRequestAndRecordsWhatToReplay() {
    PartitionAssembler pa = fresh();
    whole("w0", "x");                          // 0: answered
    chunk("a", 0, false, "A0");                // 1: open
    whole("w1", "x");                          // 2: answered
    chunk("a", 1, false, "A1");                // 3: open
    chunk("a", 1, false, "A1");                // 4: duplicate, answered
    for (var r : log) pa.accept(r).ifPresent(o -> answer(pa, o));
    OffsetAndMetadata point = pa.commitPoint();
    assertEquals(1, point.offset());
    ReplayMarker m = ReplayMarker.decode(point.offset(), point.metadata());
    assertEquals(5, m.horizon());
    assertEquals(List.of(1L, 3L), List.copyOf(m.pending()));
    assertTrue(m.skip(2) && m.skip(4));
    assertFalse(m.skip(1) || m.skip(3) || m.skip(5));

    // A new owner reads from offset 1 again: it rebuilds request a and answers nothing twice.
    PartitionAssembler next = new PartitionAssembler(TP, LIMITS, point.offset(), m);
    for (var r : log.subList(1, log.size())) assertTrue(next.accept(r).isEmpty(), "offset " + r.offset());
    Outcome.Assembled a = assembled(next.accept(chunk("a", 2, true, "A2")));
    assertArrayEquals(bytes("A0A1A2"), a.audio());
    assertEquals(List.of(1L, 3L, 5L), a.offsets());
    next.answered(a);
    assertEquals(new OffsetAndMetadata(6, ""), next.commitPoint());
  }

  @Test
  void aCommitDuringReplayKeepsTheRecordsNotYetReread() {
    PartitionAssembler pa = fresh();
    chunk("a", 0, false, "A0");   // 0
    chunk("b", 0, false, "B0");   // 1
    whole("w", "x");              // 2: answered
    chunk("a", 1, false, "A1");   // 3
    for (var r : log) pa.accept(r).ifPresent(o -> answer(pa, o));
    OffsetAndMetadata point = pa.commitPoint();
    PartitionAssembler next = new PartitionAssembler(TP, LIMITS, 0, ReplayMarker.decode(0, point.metadata()));
    next.accept(log.get(0));
    next.accept(log.get(1));
    // A commit now (say another partition's transcript) must still skip offset 2 and re-read offset 3 later.
    OffsetAndMetadata mid = next.commitPoint();
    ReplayMarker m = ReplayMarker.decode(mid.offset(), mid.metadata());
    assertEquals(0, mid.offset());
    assertEquals(4, m.horizon());
    assertEquals(List.of(0L, 1L, 3L), List.copyOf(m.pending()));
  }

  @Test
  void markerTextRoundTripsAndForeignMetadataMeansNoReplay() {
    java.util.TreeSet<Long> pending = new java.util.TreeSet<>(List.of(100L, 101L, 102L, 150L, 1000L, 1001L));
    ReplayMarker m = new ReplayMarker(5000, pending);
    String text = m.encode(100);
    assertEquals("r1;3s4;0.2,1b,nl.1", text); // horizon +4900; runs 100..102, +47: 150, +849: 1000..1001
    assertEquals(m, ReplayMarker.decode(100, text));
    assertEquals("", new ReplayMarker(10, new java.util.TreeSet<>()).encode(10));
    assertEquals(ReplayMarker.NONE, ReplayMarker.decode(0, "committed by someone else"));
    assertEquals(ReplayMarker.NONE, ReplayMarker.decode(0, "r1;a;zz"), "a run past the horizon is not ours");
    assertEquals(ReplayMarker.NONE, ReplayMarker.decode(0, null));
    assertFalse(ReplayMarker.NONE.skip(0));
  }

  /**
   * Random logs of whole, chunked (interleaved), duplicate, gapped and broken records, processed with
   * requests answered late (as if being transcribed across commits), random commits and crashes: after
   * every crash a new assembler starts from the last commit. Every request must be answered exactly
   * once, with the same result as an uninterrupted run.
   */
  @Test
  void crashesAndRestartsAnywhereAnswerEveryRecordExactlyOnce() {
    int crashesWithWorkInFlight = 0;
    for (int trial = 0; trial < 300; trial++) {
      Random rnd = new Random(trial);
      log.clear();
      randomLog(rnd, 40 + rnd.nextInt(60));
      Map<String, String> expected = answers(runUninterrupted());
      Map<String, String> got = new TreeMap<>();
      OffsetAndMetadata committed = null;
      PartitionAssembler pa = fresh();
      int pos = 0;
      List<Outcome> running = new ArrayList<>();    // complete requests not yet answered
      List<Outcome> uncommitted = new ArrayList<>(); // answers in the open transaction
      while (pos < log.size() || !running.isEmpty()) {
        if (pos < log.size()) {
          pa.accept(log.get(pos++)).ifPresent(o -> (o instanceof Outcome.Assembled ? running : uncommitted).add(o));
        }
        for (int k = running.size() - 1; k >= 0; k--) { // some requests finish
          if (rnd.nextInt(3) == 0 || pos >= log.size()) {
            Outcome o = running.remove(k);
            pa.answered((Outcome.Assembled) o);
            uncommitted.add(o);
          }
        }
        if (!uncommitted.isEmpty() && rnd.nextInt(3) == 0) { // commit the answers with the offsets
          for (Outcome o : uncommitted) putOnce(got, o, trial);
          uncommitted.clear();
          committed = pa.commitPoint();
        }
        if (rnd.nextInt(10) == 0) { // crash: lose everything uncommitted, restart from the commit
          if (!running.isEmpty()) crashesWithWorkInFlight++;
          running.clear();
          uncommitted.clear();
          long from = committed == null ? 0 : committed.offset();
          pa = new PartitionAssembler(TP, LIMITS, from,
              committed == null ? ReplayMarker.NONE : ReplayMarker.decode(from, committed.metadata()));
          pos = (int) from;
        }
      }
      for (Outcome o : uncommitted) putOnce(got, o, trial);
      assertEquals(expected, got, "trial " + trial);
    }
    assertTrue(crashesWithWorkInFlight > 100, "crashes hit requests in progress: " + crashesWithWorkInFlight);
  }

  private List<Outcome> runUninterrupted() {
    PartitionAssembler pa = fresh();
    List<Outcome> out = new ArrayList<>();
    for (var r : log) pa.accept(r).ifPresent(out::add);
    return out;
  }

  /** Answers keyed by their first offset (unique per outcome), valued by what the answer says. */
  private static Map<String, String> answers(List<Outcome> outs) {
    Map<String, String> m = new TreeMap<>();
    for (Outcome o : outs) putOnce(m, o, -1);
    return m;
  }

  private static void putOnce(Map<String, String> m, Outcome o, int trial) {
    String key = o.offsets().toString();
    String value = o instanceof Outcome.Assembled a ? "ok " + a.requestId() + " " + new String(a.audio(),
        StandardCharsets.UTF_8) : "failed " + o.requestId() + " " + ((Outcome.Rejected) o).reason();
    String old = m.put(key, value);
    assertEquals(null, old, "trial " + trial + ": answered twice: " + key + " " + value);
  }

  private void randomLog(Random rnd, int n) {
    Map<String, Integer> nextSeq = new HashMap<>();
    int ids = 0;
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(10);
      List<String> open = new ArrayList<>(nextSeq.keySet());
      if (kind < 3 || open.isEmpty() && kind < 6) {
        String id = "r" + ids++;
        if (kind == 0) whole(id, "W" + id);
        else {
          chunk(id, 0, false, id + ":0");
          nextSeq.put(id, 1);
        }
      } else if (kind < 8 && !open.isEmpty()) {
        String id = open.get(rnd.nextInt(open.size()));
        int seq = nextSeq.get(id);
        int roll = rnd.nextInt(12);
        if (roll == 0) chunk(id, seq - 1, false, "dup"); // duplicate
        else if (roll == 1) {
          chunk(id, seq + 1, false, "skip"); // gap: the request fails
          nextSeq.remove(id);
        } else {
          boolean last = rnd.nextInt(3) == 0;
          chunk(id, seq, last, id + ":" + seq);
          if (last) nextSeq.remove(id);
          else nextSeq.put(id, seq + 1);
        }
      } else if (kind == 8) {
        append("junk" + i, new byte[] {(byte) 0xff, 1, 2}, 1);
      } else {
        whole("r" + ids++, "x".repeat(rnd.nextInt(3) == 0 ? 2000 : 5)); // sometimes oversize
      }
    }
  }
}
