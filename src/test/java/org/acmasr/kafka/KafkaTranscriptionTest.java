package org.acmasr.kafka;

import static org.acmasr.kafka.KafkaFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.acmasr.audio.Resampler;
import org.acmasr.budget.Budget;
import org.acmasr.config.KafkaConfig;
import org.acmasr.engine.BatchStats;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.SchedulerConfig;
import org.acmasr.engine.Transcript;
import org.acmasr.kafka.proto.AudioChunk;
import org.acmasr.kafka.proto.AudioRecord;
import org.acmasr.kafka.proto.FailedRecord;
import org.acmasr.kafka.proto.FailureReason;
import org.acmasr.kafka.proto.TranscriptRecord;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workers deployed as verticles in this JVM against a real in-process KRaft broker (one for the class). */
class KafkaTranscriptionTest {
  private static EmbeddedKafka kafka;
  private static Vertx vertx;
  private static Recognizer recognizer;
  private static KafkaProducer<byte[], byte[]> producer;
  private static List<byte[]> clips;

  @BeforeAll
  static void setUp() throws Exception {
    kafka = EmbeddedKafka.start();
    vertx = Vertx.vertx();
    recognizer = KafkaFixtures.recognizer(KafkaFixtures.tinyModel());
    producer = kafka.producer();
    clips = KafkaFixtures.clips(8, 1500).stream().map(KafkaFixtures::read).toList();
  }

  @AfterAll
  static void tearDown() throws Exception {
    producer.close();
    await(vertx.close().toCompletionStage());
    kafka.close();
  }

  private static KafkaTranscriptionVerticle deploy(Engine scheduler, KafkaConfig config) throws Exception {
    KafkaTranscriptionVerticle v = new KafkaTranscriptionVerticle(scheduler, config, KafkaFixtures.MODEL_ID);
    await(vertx.deployVerticle(v).toCompletionStage());
    return v;
  }

  private static RecordMetadata send(String topic, String key, AudioRecord r) throws Exception {
    return send(topic, key, r.toByteArray(), null);
  }

  private static RecordMetadata send(String topic, String key, byte[] value, Long timestamp) throws Exception {
    return producer.send(new ProducerRecord<>(topic, null, timestamp, key == null ? null
        : key.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  private static Map<String, TranscriptRecord> byId(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, TranscriptRecord> m = new HashMap<>();
    for (var r : records) {
      TranscriptRecord t = KafkaFixtures.transcript(r);
      assertEquals(t.getRequestId(), new String(r.key(), StandardCharsets.UTF_8), "keyed by request id");
      assertEquals(null, m.put(t.getRequestId(), t), "duplicate transcript for " + t.getRequestId());
    }
    return m;
  }

  @Test
  void wholeAndChunkedRequestsAreTranscribedLikeOfflineTranscriptionAndBatched() throws Exception {
    KafkaConfig cfg = KafkaFixtures.config(kafka.bootstrap(), "basic", "w1",
        new JsonObject().put("max_poll_records", 3).put("max_in_flight", 8));
    kafka.createTopics(3, cfg.audioTopic(), cfg.transcriptTopic(), cfg.deadLetterTopic());
    AudioSubmitter sub = new AudioSubmitter(producer, cfg.audioTopic(), 4096);
    // Raw PCM at 8 kHz: declared format, resampled by the worker.
    float[] pcm8k = Resampler.resample(KafkaFixtures.samples(clips.get(5)), 16000, 8000);
    byte[] raw = KafkaFixtures.s16le(pcm8k);
    Map<String, byte[]> audio = new LinkedHashMap<>();
    Map<String, AudioSubmitter.Declaration> decl = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      audio.put("req-" + i, clips.get(i));
      decl.put("req-" + i, AudioSubmitter.Declaration.auto().withBudget(i == 1 ? Budget.fixed(0.5) : i == 2 ? Budget.AUTO : null)
          .withMetadata(Map.of("clip", "" + i)));
    }
    audio.put("raw-8k", raw);
    decl.put("raw-8k", new AudioSubmitter.Declaration("pcm_s16le", 8000, 1, Budget.fixed(0.25), Map.of()));
    // Interleave every request's records round-robin, so chunked requests span polls and transactions.
    Map<String, List<AudioRecord>> recs = new LinkedHashMap<>();
    audio.forEach((id, a) -> recs.put(id, new ArrayList<>(new AudioSubmitter(producer, cfg.audioTopic(),
        i(id) < 3 ? 1 << 20 : 4096).records(id, a, decl.get(id)))));
    assertTrue(recs.get("req-3").size() > 2 && recs.get("raw-8k").size() > 2, "large requests are chunked");
    Map<String, List<Long>> offsets = new HashMap<>();
    Map<String, Integer> partition = new HashMap<>();
    KafkaFixtures.sendInterleaved(producer, cfg.audioTopic(), recs).forEach((id, ms) -> {
      offsets.put(id, ms.stream().map(RecordMetadata::offset).toList());
      partition.put(id, ms.get(0).partition());
    });
    assertEquals(2, sub.records("x", new byte[5000], AudioSubmitter.Declaration.auto()).size());

    List<BatchStats> batches = Collections.synchronizedList(new ArrayList<>());
    try (Engine scheduler = new Engine(recognizer, new SchedulerConfig(1, 8, 5, 100_000, 16))) {
      scheduler.metrics().subscribe(batches::add);
      KafkaTranscriptionVerticle worker = deploy(scheduler, cfg);
      var out = kafka.awaitCommitted(cfg.transcriptTopic(), Duration.ofSeconds(90), l -> l.size() >= audio.size());
      Map<String, TranscriptRecord> got = byId(out);
      assertEquals(audio.keySet(), got.keySet());
      for (String id : audio.keySet()) {
        TranscriptRecord t = got.get(id);
        Budget asked = decl.get(id).budget();
        // An auto request decodes at the engine's level, which only live streams' lag lowers: 1 here.
        float budget = asked instanceof Budget.Fixed f ? f.asFloat() : 1f;
        assertEquals(asked instanceof Budget.Auto, t.getBudgetAuto(), id);
        float[] samples = id.equals("raw-8k") ? Resampler.resample(KafkaFixtures.decodeS16(raw), 8000, 16000)
            : KafkaFixtures.samples(audio.get(id));
        Transcript offline = recognizer.transcribe(samples, Budget.fixed(budget));
        assertFalse(offline.text().isEmpty(), "the random model emits text for " + id);
        assertEquals(offline.text(), t.getText(), id);
        assertEquals(offline.words().size(), t.getWordsCount(), id);
        assertEquals(offline.words().get(0).word(), t.getWords(0).getWord());
        assertEquals(offline.words().get(0).start(), t.getWords(0).getStart(), 1e-9);
        assertEquals(offline.segments().size(), t.getSegmentsCount());
        assertEquals(offline.durationSeconds(), t.getDurationSeconds(), 1e-3, id);
        assertEquals(offline.computeUsed(), t.getComputeUsed(), 1e-9, id);
        assertEquals(budget, t.getBudget(), id);
        assertEquals(KafkaFixtures.MODEL_ID, t.getModelId());
        assertEquals("w1", t.getInstanceId());
        assertEquals(cfg.audioTopic(), t.getSource().getTopic());
        assertEquals((int) partition.get(id), t.getSource().getPartition());
        assertEquals(offsets.get(id), t.getSource().getOffsetsList(), id);
        assertTrue(t.getProcessingSeconds() > 0);
      }
      assertEquals("3", got.get("req-3").getMetadataOrThrow("clip"), "metadata of chunk 0 is echoed");
      assertTrue(batches.stream().anyMatch(b -> b.streams() > 1), "requests were decoded together");
      assertTrue(kafka.readAll(cfg.deadLetterTopic(), false).isEmpty());
      WorkerStats.Snapshot s = worker.stats().snapshot();
      assertEquals(audio.size(), s.transcripts());
      assertTrue(s.transactions() >= 2, "chunks span several transactions: " + s);
      assertFalse(worker.finished().isDone());
      await(vertx.undeploy(worker.deploymentID()).toCompletionStage());
      assertTrue(worker.finished().isDone() && !worker.finished().isCompletedExceptionally());
    }
  }

  private static int i(String id) {
    return id.startsWith("req-") ? Integer.parseInt(id.substring(4)) : 99;
  }


  @Test
  void invalidRecordsAreDeadLetteredWithTheReasonAndNeverStallThePartition() throws Exception {
    KafkaConfig cfg = KafkaFixtures.config(kafka.bootstrap(), "dlq", "d1",
        new JsonObject().put("max_poll_records", 4).put("max_request_bytes", 200_000)
            .put("reassembly_timeout_ms", 60_000));
    kafka.createTopics(1, cfg.audioTopic(), cfg.transcriptTopic(), cfg.deadLetterTopic());
    String t = cfg.audioTopic();
    byte[] mp3 = clips.get(0);
    byte[] first = java.util.Arrays.copyOf(mp3, mp3.length / 2);
    byte[] second = java.util.Arrays.copyOfRange(mp3, mp3.length / 2, mp3.length);
    Map<String, FailureReason> expected = new LinkedHashMap<>();
    Map<String, String> messages = new HashMap<>();
    Map<String, List<Long>> expectedOffsets = new HashMap<>();
    List<String> valid = new ArrayList<>();
    java.util.function.BiConsumer<String, Long> ok = (id, off) -> valid.add(id);

    long o = send(t, "garbage", new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}, null).offset();
    expect(expected, messages, expectedOffsets, "garbage", FailureReason.UNPARSEABLE, "not an AudioRecord", o);
    ok.accept("v0", send(t, "v0", whole("v0", clips.get(1)).build()).offset());
    o = send(t, "bb", whole("bb", mp3).setBudget(1.5f).build()).offset();
    expect(expected, messages, expectedOffsets, "bb", FailureReason.BAD_BUDGET,
        "request bb: budget = 1.5: must be in (0, 1]", o);
    o = send(t, "ogg", whole("ogg", mp3).setEncoding("ogg").build()).offset();
    expect(expected, messages, expectedOffsets, "ogg", FailureReason.UNKNOWN_ENCODING,
        "request ogg: encoding = 'ogg': expected auto", o);
    o = send(t, "norate", whole("norate", mp3).setEncoding("pcm_s16le").build()).offset();
    expect(expected, messages, expectedOffsets, "norate", FailureReason.BAD_SAMPLE_RATE,
        "request norate: sample_rate = 0: raw pcm_s16le needs a sample rate in [1000, 384000] Hz", o);
    o = send(t, "junk", whole("junk", "hello, not audio".getBytes(StandardCharsets.UTF_8)).build()).offset();
    expect(expected, messages, expectedOffsets, "junk", FailureReason.UNDECODABLE_AUDIO,
        "request junk: unrecognised audio format (first bytes 68 65 6C 6C 6F 2C 20 6E)", o);
    ok.accept("v1", send(t, "v1", whole("v1", clips.get(2)).build()).offset());
    o = send(t, "gap", chunk("gap", 1, false, first).build()).offset();
    expect(expected, messages, expectedOffsets, "gap", FailureReason.CHUNK_GAP,
        "chunk 1 of request gap: no open request to continue", o);
    send(t, "dup", chunk("dup", 0, false, first).build());
    o = send(t, "dup", chunk("dup", 0, false, first).build()).offset();
    expect(expected, messages, expectedOffsets, "dup#0", FailureReason.CHUNK_DUPLICATE,
        "chunk 0 of request dup was already received (chunk 1 expected)", o);
    ok.accept("dup", send(t, "dup", chunk("dup", 1, true, second).build()).offset());
    long o1 = send(t, "ooo", chunk("ooo", 0, false, first).build()).offset();
    o = send(t, "ooo", chunk("ooo", 2, true, second).build()).offset();
    expect(expected, messages, expectedOffsets, "ooo", FailureReason.CHUNK_OUT_OF_ORDER,
        "chunk 2 of request ooo arrived while chunk 1 was expected", o1, o);
    o = send(t, "big", whole("big", new byte[300_000]).build()).offset();
    expect(expected, messages, expectedOffsets, "big", FailureReason.OVERSIZE,
        "request big: 300000 bytes of audio: more than kafka.max_request_bytes = 200000", o);
    o = send(t, "stale", chunk("stale", 0, false, first).build().toByteArray(),
        System.currentTimeMillis() - 3_600_000L).offset();
    expect(expected, messages, expectedOffsets, "stale", FailureReason.REASSEMBLY_TIMEOUT,
        "request stale: no last chunk within kafka.reassembly_timeout_ms = 60000 ms of chunk 0", o);
    ok.accept("v2", send(t, "v2", whole("v2", clips.get(3)).build()).offset());
    o = send(t, "odd", whole("odd", new byte[3]).setEncoding("pcm_s16le").setSampleRate(16000).build()).offset();
    expect(expected, messages, expectedOffsets, "odd", FailureReason.UNDECODABLE_AUDIO,
        "request odd: raw pcm_s16le: byte count 3 is not a multiple of 2", o);
    o = send(t, "mismatch", whole("other", clips.get(4)).build()).offset();
    expect(expected, messages, expectedOffsets, "mismatch", FailureReason.KEY_MISMATCH,
        "record key 'mismatch' differs from request_id 'other'", o);
    ok.accept("v3", send(t, "v3", whole("v3", KafkaFixtures.s16le(KafkaFixtures.samples(clips.get(4))))
        .setEncoding("pcm_s16le").setSampleRate(16000).build()).offset());
    long end = o + 2;

    try (Engine scheduler = new Engine(recognizer, SchedulerConfig.defaults())) {
      KafkaTranscriptionVerticle worker = deploy(scheduler, cfg);
      var transcripts = kafka.awaitCommitted(cfg.transcriptTopic(), Duration.ofSeconds(90),
          l -> l.size() >= valid.size());
      assertEquals(new java.util.TreeSet<>(valid), new java.util.TreeSet<>(byId(transcripts).keySet()));
      var dead = kafka.awaitCommitted(cfg.deadLetterTopic(), Duration.ofSeconds(30), l -> l.size() >= expected.size());
      Map<String, FailedRecord> got = new HashMap<>();
      for (var r : dead) {
        FailedRecord f = KafkaFixtures.deadLetter(r);
        String key = f.getReason() == FailureReason.CHUNK_DUPLICATE ? f.getRequestId() + "#0" : f.getRequestId();
        if (f.getReason() == FailureReason.KEY_MISMATCH) key = "mismatch";
        assertEquals(null, got.put(key, f), "one dead letter per failure: " + key);
      }
      assertEquals(expected.keySet(), got.keySet());
      for (String k : expected.keySet()) {
        FailedRecord f = got.get(k);
        assertEquals(expected.get(k), f.getReason(), k + ": " + f.getMessage());
        assertTrue(f.getMessage().startsWith(messages.get(k)), k + ": " + f.getMessage());
        assertEquals(t, f.getSource().getTopic());
        assertEquals(0, f.getSource().getPartition());
        assertEquals(expectedOffsets.get(k), f.getSource().getOffsetsList(), k);
        assertEquals(expectedOffsets.get(k).get(expectedOffsets.get(k).size() - 1), f.getOffset(), k);
        assertEquals("d1", f.getInstanceId());
      }
      // Nothing holds the partition back: its committed offset reaches the end of the log.
      ListConsumerGroupOffsetsResult offsets = kafka.admin().listConsumerGroupOffsets(cfg.groupId());
      Map<TopicPartition, OffsetAndMetadata> c = offsets.partitionsToOffsetAndMetadata().get();
      assertEquals(end, c.get(new TopicPartition(t, 0)).offset());
      assertFalse(worker.finished().isDone(), "poison records never stop the worker");
      assertEquals(expected.size(), worker.stats().snapshot().deadLetters());
      await(vertx.undeploy(worker.deploymentID()).toCompletionStage());
    }
  }

  /**
   * Puts {@code n} requests on the audio topic, every third one chunked, their records interleaved.
   *
   * @return request ids
   */
  private static List<String> backlog(KafkaConfig cfg, String prefix, int n) throws Exception {
    Map<String, List<AudioRecord>> recs = new LinkedHashMap<>();
    for (int k = 0; k < n; k++) {
      String id = prefix + "-" + k;
      recs.put(id, new ArrayList<>(new AudioSubmitter(producer, cfg.audioTopic(), k % 3 == 0 ? 4096 : 1 << 20)
          .records(id, clips.get(k % clips.size()), AudioSubmitter.Declaration.auto())));
    }
    KafkaFixtures.sendInterleaved(producer, cfg.audioTopic(), recs);
    return List.copyOf(recs.keySet());
  }

  private static void assertExactlyOnce(KafkaConfig cfg, List<String> ids) {
    Map<String, TranscriptRecord> got = byId(kafka.readAll(cfg.transcriptTopic(), true)); // fails on duplicates
    assertEquals(new java.util.TreeSet<>(ids), new java.util.TreeSet<>(got.keySet()));
    assertTrue(kafka.readAll(cfg.deadLetterTopic(), true).isEmpty());
  }

  /**
   * A chunked request per partition (twice) whose chunks the test sends in two parts, so that some
   * chunks are read by one owner of the partition and the rest by the next.
   */
  private static Map<String, List<AudioRecord>> splitRequests(KafkaConfig cfg, String prefix, int partitions) {
    Map<String, List<AudioRecord>> out = new LinkedHashMap<>();
    int[] perPartition = new int[partitions];
    for (int k = 0; out.size() < 2 * partitions; k++) {
      String id = prefix + "-" + k;
      int p = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
          id.getBytes(StandardCharsets.UTF_8))) % partitions; // the default partitioner's choice
      if (perPartition[p]++ < 2) {
        out.put(id, new ArrayList<>(new AudioSubmitter(producer, cfg.audioTopic(), 4096)
            .records(id, clips.get(k % clips.size()), AudioSubmitter.Declaration.auto())));
      }
    }
    return out;
  }

  /** Sends the first {@code n} records of every split request (all remaining ones for n < 0). */
  private static void sendPart(KafkaConfig cfg, Map<String, List<AudioRecord>> split, int n) throws Exception {
    for (var e : split.entrySet()) {
      int count = n < 0 ? e.getValue().size() : Math.min(n, e.getValue().size() - 1);
      for (int k = 0; k < count; k++) send(cfg.audioTopic(), e.getKey(), e.getValue().remove(0));
    }
  }

  private static void awaitOwnership(KafkaTranscriptionVerticle... workers) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      int total = 0;
      boolean each = true;
      for (var w : workers) {
        int p = w.stats().snapshot().partitions();
        total += p;
        each &= p > 0;
      }
      if (total == 4 && each) return;
      if (System.nanoTime() > deadline) throw new AssertionError("the group did not settle");
      Thread.sleep(50);
    }
  }

  /**
   * Instance a starts on a backlog; chunked requests are half sent; b joins (the group rebalances and
   * b takes partitions whose open requests a had read); the rest is sent; a stops (b takes
   * everything, again mid-request); the rest is sent. Every request must be answered exactly once,
   * and b must have finished requests that a started.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "group.protocol={0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"classic", "consumer"})
  void twoInstancesShareTheBacklogThroughRebalancesWithoutLossOrDuplicates(String protocol) throws Exception {
    // Short commit intervals: transactions commit while other requests are still being transcribed.
    JsonObject o = new JsonObject().put("max_poll_records", 2).put("max_in_flight", 4).put("commit_interval_ms", 2)
        .put("properties", new JsonObject().put("group.protocol", protocol));
    KafkaConfig a = KafkaFixtures.config(kafka.bootstrap(), "rebalance-" + protocol, "a", o);
    KafkaConfig b = a.withInstanceId("b");
    kafka.createTopics(4, a.audioTopic(), a.transcriptTopic(), a.deadLetterTopic());
    Map<String, List<AudioRecord>> split1 = splitRequests(a, "s1", 4);
    Map<String, List<AudioRecord>> split2 = splitRequests(a, "s2", 4);
    List<String> ids = new ArrayList<>(split1.keySet());
    ids.addAll(split2.keySet());
    sendPart(a, split1, 2); // open requests first: the whole requests behind them are answered before them
    ids.addAll(backlog(a, "r", 12));
    try (Engine sa = new Engine(recognizer, SchedulerConfig.defaults());
        Engine sb = new Engine(recognizer, SchedulerConfig.defaults())) {
      KafkaTranscriptionVerticle wa = deploy(sa, a);
      kafka.awaitCommitted(a.transcriptTopic(), Duration.ofSeconds(60), l -> l.size() >= 12);
      KafkaTranscriptionVerticle wb = deploy(sb, b);
      awaitOwnership(wa, wb); // rebalanced: b owns partitions holding requests a started
      sendPart(a, split2, 2);
      ids.addAll(backlog(a, "m", 12));
      sendPart(a, split1, -1);
      kafka.awaitCommitted(a.transcriptTopic(), Duration.ofSeconds(60), l -> l.size() >= 12 + 8 + 2);
      await(vertx.undeploy(wa.deploymentID()).toCompletionStage()); // mid-work: b takes over a's partitions
      assertTrue(sa.awaitIdle(Duration.ofSeconds(10)), "a freed its streams on the scheduler");
      long byA = wa.stats().snapshot().transcripts();
      sendPart(a, split2, -1);
      ids.addAll(backlog(a, "z", 8));
      kafka.awaitCommitted(a.transcriptTopic(), Duration.ofSeconds(90), l -> l.size() >= ids.size());
      Thread.sleep(500); // a late duplicate would show up now
      assertExactlyOnce(a, ids);
      long byB = wb.stats().snapshot().transcripts();
      assertEquals(ids.size(), byA + byB, "each transcript was committed by exactly one instance");
      Map<String, TranscriptRecord> got = byId(kafka.readAll(a.transcriptTopic(), true));
      assertTrue(split1.keySet().stream().anyMatch(id -> got.get(id).getInstanceId().equals("b")),
          "b finished a request whose first chunks a had read");
      assertTrue(split2.keySet().stream().allMatch(id -> got.get(id).getInstanceId().equals("b")));
      assertTrue(byA > 0 && byB > 0, "a " + byA + ", b " + byB);
      await(vertx.undeploy(wb.deploymentID()).toCompletionStage());
    }
  }

  @Test
  void aZombieWhoseInstanceIdWasTakenOverIsFencedAndStops() throws Exception {
    KafkaConfig cfg = KafkaFixtures.config(kafka.bootstrap(), "zombie", "z",
        new JsonObject().put("max_poll_records", 2).put("max_in_flight", 2));
    kafka.createTopics(2, cfg.audioTopic(), cfg.transcriptTopic(), cfg.deadLetterTopic());
    List<String> ids = new ArrayList<>(backlog(cfg, "first", 12));
    try (Engine s1 = new Engine(recognizer, SchedulerConfig.defaults());
        Engine s2 = new Engine(recognizer, SchedulerConfig.defaults())) {
      KafkaTranscriptionVerticle zombie = deploy(s1, cfg);
      kafka.awaitCommitted(cfg.transcriptTopic(), Duration.ofSeconds(60), l -> l.size() >= 2);
      // The same instance id starting again (a restart while the old process still runs) fences the old one.
      KafkaTranscriptionVerticle successor = deploy(s2, cfg);
      ids.addAll(backlog(cfg, "second", 12));
      assertFenced(assertThrowsCause(zombie.finished()));
      kafka.awaitCommitted(cfg.transcriptTopic(), Duration.ofSeconds(90), l -> l.size() >= ids.size());
      Thread.sleep(500);
      assertExactlyOnce(cfg, ids);
      assertFalse(successor.finished().isDone());
      await(vertx.undeploy(successor.deploymentID()).toCompletionStage());
      await(vertx.undeploy(zombie.deploymentID()).toCompletionStage());
    }
  }

  /**
   * The race of the fencing above, made certain: the zombie's commit fails with a broker error (not
   * "fenced") after its successor claimed the transactional id, and so does its abort. A zombie that
   * then started a new producer on the same transactional id would fence its successor (this failed
   * once under load); it must instead rejoin the group, be refused, and stop.
   */
  @Test
  void aZombieWhoseAbortFailsAfterTheTakeoverStopsWithoutFencingItsSuccessor() throws Exception {
    KafkaConfig cfg = KafkaFixtures.config(kafka.bootstrap(), "zombie-abort", "z",
        new JsonObject().put("max_poll_records", 2).put("max_in_flight", 2));
    kafka.createTopics(2, cfg.audioTopic(), cfg.transcriptTopic(), cfg.deadLetterTopic());
    List<String> ids = new ArrayList<>(backlog(cfg, "first", 60)); // still busy when the successor comes
    java.util.concurrent.CountDownLatch zombieInCommit = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch successorClaimed = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger producersMade = new java.util.concurrent.atomic.AtomicInteger();
    try (Engine s1 = new Engine(recognizer, SchedulerConfig.defaults());
        Engine s2 = new Engine(recognizer, SchedulerConfig.defaults())) {
      TranscriptionLoop zombie = new TranscriptionLoop(s1, cfg, KafkaFixtures.MODEL_ID, c -> {
        producersMade.incrementAndGet();
        return new FailingProducer(KafkaClients.workerProducerConfig(c), armed, zombieInCommit, successorClaimed);
      });
      Thread t = new Thread(zombie, "zombie");
      t.setDaemon(true);
      t.start();
      kafka.awaitCommitted(cfg.transcriptTopic(), Duration.ofSeconds(60), l -> l.size() >= 2);
      armed.set(true); // the zombie's next commit waits for the successor, then fails, and so does its abort
      assertTrue(zombieInCommit.await(60, java.util.concurrent.TimeUnit.SECONDS), "the zombie commits again");
      KafkaTranscriptionVerticle successor = deploy(s2, cfg);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (successor.stats().snapshot().partitions() == 0) {
        assertTrue(System.nanoTime() < deadline, "the successor got no partitions");
        Thread.sleep(20);
      }
      successorClaimed.countDown();
      assertFenced(assertThrowsCause(zombie.finished()));
      assertEquals(1, FailingProducer.failedCommits.get(), "the zombie's commit failed after the takeover");
      assertEquals(1, producersMade.get(), "the zombie made no second producer");
      ids.addAll(backlog(cfg, "second", 12));
      kafka.awaitCommitted(cfg.transcriptTopic(), Duration.ofSeconds(90), l -> l.size() >= ids.size());
      Thread.sleep(500);
      assertExactlyOnce(cfg, ids);
      assertFalse(successor.finished().isDone(), "the successor still runs");
      await(vertx.undeploy(successor.deploymentID()).toCompletionStage());
    }
  }

  /** A real transactional producer whose commit and abort fail, once armed, like a broker in trouble. */
  private static final class FailingProducer extends org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> {
    static final java.util.concurrent.atomic.AtomicInteger failedCommits = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean armed;
    private final java.util.concurrent.CountDownLatch entered;
    private final java.util.concurrent.CountDownLatch release;

    FailingProducer(java.util.Properties p, java.util.concurrent.atomic.AtomicBoolean armed,
        java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch release) {
      super(p, new org.apache.kafka.common.serialization.ByteArraySerializer(),
          new org.apache.kafka.common.serialization.ByteArraySerializer());
      this.armed = armed;
      this.entered = entered;
      this.release = release;
    }

    @Override
    public void commitTransaction() {
      if (armed.get()) {
        entered.countDown();
        try {
          release.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        failedCommits.incrementAndGet();
        throw new org.apache.kafka.common.KafkaException("injected: unexpected server error on EndTxn");
      }
      super.commitTransaction();
    }

    @Override
    public void abortTransaction() {
      if (armed.get()) throw new org.apache.kafka.common.KafkaException("injected: abort failed");
      super.abortTransaction();
    }
  }

  /** A replaced instance stops because its producer or its group membership was fenced. */
  private static void assertFenced(Throwable why) {
    assertTrue(why instanceof org.apache.kafka.common.errors.ProducerFencedException
        || why instanceof org.apache.kafka.common.errors.FencedInstanceIdException, why.toString());
  }

  private static Throwable assertThrowsCause(java.util.concurrent.CompletableFuture<Void> f) throws Exception {
    try {
      f.get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the zombie kept running");
  }

  private static void expect(Map<String, FailureReason> reasons, Map<String, String> messages,
      Map<String, List<Long>> offsets, String key, FailureReason reason, String message, long... offs) {
    reasons.put(key, reason);
    messages.put(key, message);
    offsets.put(key, java.util.Arrays.stream(offs).boxed().collect(Collectors.toList()));
  }

  private static AudioRecord.Builder whole(String id, byte[] audio) {
    return AudioRecord.newBuilder().setRequestId(id).setAudio(ByteString.copyFrom(audio));
  }

  private static AudioRecord.Builder chunk(String id, int seq, boolean last, byte[] data) {
    return AudioRecord.newBuilder().setRequestId(id)
        .setChunk(AudioChunk.newBuilder().setSequence(seq).setLast(last).setData(ByteString.copyFrom(data)));
  }
}
