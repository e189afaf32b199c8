package org.acmasr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.Resampler;
import org.acmasr.budget.Budget;
import org.acmasr.config.KafkaConfig;
import org.acmasr.engine.Recognizer;
import org.acmasr.kafka.proto.AudioRecord;
import org.acmasr.kafka.proto.TranscriptRecord;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as a user runs it ({@code acm-asr kafka worker}) in a separate JVM, killed hard
 * (SIGKILL) in the middle of a backlog while a transaction holds transcripts, then restarted with the
 * same instance id: every request must have exactly one committed transcript.
 */
class KafkaCrashRecoveryTest {
  private static EmbeddedKafka kafka;

  @TempDir
  Path dir;

  /** Every worker process started, so none outlives a failed test. */
  private final List<Process> started = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void tearDown() throws Exception {
    kafka.close();
  }

  @Test
  void aWorkerKilledMidTransactionAndRestartedAnswersEveryRequestExactlyOnce() throws Exception {
    // The default 45 s session timeout: a restarted instance must not wait it out (static membership).
    KafkaConfig cfg = KafkaFixtures.config(kafka.bootstrap(), "crash", "crashy", new JsonObject()
        .put("max_poll_records", 4).put("max_in_flight", 2));
    kafka.createTopics(3, cfg.audioTopic(), cfg.transcriptTopic(), cfg.deadLetterTopic());
    ModelData model = KafkaFixtures.tinyModel();
    Path modelFile = dir.resolve("tiny.acm");
    ModelFile.write(modelFile, model);
    Path config = dir.resolve("worker.json");
    Files.writeString(config, new JsonObject().put("kafka", cfg.toJson())
        .put("engine", new JsonObject().put("max_batch", 8)).encodePrettily());
    Map<String, byte[]> requests = backlog(cfg);

    List<Integer> killedAt = new ArrayList<>();
    List<Double> takeovers = new ArrayList<>();
    for (int attempt = 0; attempt < 3 && killedAt.size() < 2; attempt++) {
      Process worker = start(modelFile, config, "run-" + attempt);
      int before = killedAt.isEmpty() ? -1 : killedAt.get(killedAt.size() - 1);
      int committed = killMidTransaction(worker, cfg, 4 + 8 * killedAt.size(), requests.size(), before, takeovers);
      if (committed < 0) break; // the backlog finished before a kill landed
      killedAt.add(committed);
    }
    System.out.printf("takeover after a kill -9 and restart: %s s%n", takeovers);
    for (double t : takeovers) {
      // The dead member's session (45 s) is not waited out: a loaded 2-core machine takes a few seconds.
      assertTrue(t < 20, "restarted instance took " + t + " s to commit its first transcript");
    }
    assertTrue(!killedAt.isEmpty(), "the worker was killed in the middle of the backlog");
    Process last = start(modelFile, config, "final");
    kafka.awaitCommitted(cfg.transcriptTopic(), Duration.ofSeconds(120), l -> l.size() >= requests.size());
    last.destroy(); // SIGTERM: a graceful stop
    assertTrue(last.waitFor(60, TimeUnit.SECONDS), "worker did not stop on SIGTERM");
    Thread.sleep(300);

    Map<String, TranscriptRecord> got = new HashMap<>();
    for (var r : kafka.readAll(cfg.transcriptTopic(), true)) {
      TranscriptRecord t = KafkaFixtures.transcript(r);
      assertEquals(null, got.put(t.getRequestId(), t), "duplicate transcript for " + t.getRequestId());
    }
    assertEquals(new TreeSet<>(requests.keySet()), new TreeSet<>(got.keySet()), "every request, once");
    assertTrue(kafka.readAll(cfg.deadLetterTopic(), true).isEmpty());
    int written = kafka.readAll(cfg.transcriptTopic(), false).size();
    System.out.printf("killed after %s committed transcripts; %d transcripts written, %d committed%n", killedAt,
        written, got.size());
    assertTrue(written > got.size(), "a kill landed while a transaction held transcripts (" + written
        + " written, " + got.size() + " committed; kills after " + killedAt + " committed)");
    // The transcripts are what offline transcription gives (spot check: a whole and a chunked request).
    Recognizer recognizer = KafkaFixtures.recognizer(model);
    for (String id : List.of("clip-0", "long-0")) {
      float[] x = id.startsWith("long") ? Resampler.resample(KafkaFixtures.decodeS16(requests.get(id)), 8000, 16000)
          : KafkaFixtures.samples(requests.get(id));
      assertEquals(recognizer.transcribe(x, Budget.fixed(1.0)).text(), got.get(id).getText(), id);
    }
  }

  /** 40 short MP3 requests and 6 long raw-PCM requests of 9 chunks each, all records interleaved. */
  private static Map<String, byte[]> backlog(KafkaConfig cfg) throws Exception {
    List<byte[]> clips = KafkaFixtures.clips(40, 1000).stream().map(KafkaFixtures::read).toList();
    Map<String, byte[]> audio = new LinkedHashMap<>();
    Map<String, List<AudioRecord>> records = new LinkedHashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
      AudioSubmitter sub = new AudioSubmitter(producer, cfg.audioTopic(), 16_000);
      for (int i = 0; i < 6; i++) {
        float[] x = new float[0];
        for (int k = 0; k < 4; k++) x = concat(x, KafkaFixtures.samples(clips.get((i * 4 + k) % clips.size())));
        byte[] pcm = KafkaFixtures.s16le(Resampler.resample(x, 16000, 8000));
        audio.put("long-" + i, pcm);
        records.put("long-" + i, new ArrayList<>(sub.records("long-" + i, pcm,
            new AudioSubmitter.Declaration("pcm_s16le", 8000, 1, null, Map.of()))));
      }
      for (int i = 0; i < clips.size(); i++) {
        audio.put("clip-" + i, clips.get(i));
        records.put("clip-" + i, new ArrayList<>(sub.records("clip-" + i, clips.get(i),
            AudioSubmitter.Declaration.auto())));
      }
      KafkaFixtures.sendInterleaved(producer, cfg.audioTopic(), records);
      producer.flush();
    }
    return audio;
  }

  private Process start(Path model, Path config, String name) throws IOException, InterruptedException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-Dorg.bytedeco.javacpp.maxbytes=2G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G",
        "-cp", cp, "org.acmasr.cli.Main", "kafka", "worker", "--config", config.toString(), "--model",
        model.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process p = pb.start();
    started.add(p);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!Files.readString(log).contains("kafka worker crashy ready")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("worker did not start:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return p;
  }

  /**
   * Watches the transcript topic with a read_committed and a read_uncommitted reader; once at least
   * {@code min} transcripts are committed and more are written than committed (a transaction is open
   * with transcripts in it), kills the worker with SIGKILL.
   *
   * @return transcripts committed at the kill, or -1 if the backlog finished first
   */
  private static int killMidTransaction(Process worker, KafkaConfig cfg, int min, int total, int before,
      List<Double> takeovers) throws Exception {
    long t0 = System.nanoTime(); // the worker printed ready
    try (KafkaConsumer<byte[], byte[]> committed = reader(cfg, true);
        KafkaConsumer<byte[], byte[]> written = reader(cfg, false)) {
      int c = 0;
      int w = 0;
      boolean tookOver = before < 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        c += committed.poll(Duration.ofMillis(5)).count();
        w += written.poll(Duration.ofMillis(5)).count();
        if (!tookOver && c > before) { // the restarted instance committed its first transcript
          tookOver = true;
          takeovers.add((System.nanoTime() - t0) / 1e9);
        }
        if (c >= min && w > c) {
          worker.destroyForcibly();
          assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
          assertTrue(c < total, "killed mid-backlog");
          return c;
        }
        if (c >= total) {
          worker.destroyForcibly();
          worker.waitFor(30, TimeUnit.SECONDS);
          return -1;
        }
      }
      worker.destroyForcibly();
      throw new AssertionError("no progress: " + c + " committed, " + w + " written");
    }
  }

  private static KafkaConsumer<byte[], byte[]> reader(KafkaConfig cfg, boolean committedOnly) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> tps = new ArrayList<>();
    for (int i = 0; i < 3; i++) tps.add(new TopicPartition(cfg.transcriptTopic(), i));
    c.assign(tps);
    c.seekToBeginning(tps);
    return c;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

}
