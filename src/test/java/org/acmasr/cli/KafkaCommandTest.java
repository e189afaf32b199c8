package org.acmasr.cli;

import static org.acmasr.cli.FeaturesCommandTest.run;
import static org.acmasr.kafka.KafkaFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.acmasr.budget.Budget;
import org.acmasr.config.KafkaConfig;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.SchedulerConfig;
import org.acmasr.kafka.EmbeddedKafka;
import org.acmasr.kafka.KafkaFixtures;
import org.acmasr.kafka.KafkaTranscriptionVerticle;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka submit}, {@code kafka tail} and {@code kafka bench} against a real in-process broker. */
class KafkaCommandTest {
  private static EmbeddedKafka kafka;
  private static Vertx vertx;
  private static ModelData model;

  @TempDir
  Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    kafka = EmbeddedKafka.start();
    vertx = Vertx.vertx();
    model = KafkaFixtures.tinyModel();
  }

  @AfterAll
  static void tearDown() throws Exception {
    await(vertx.close().toCompletionStage());
    kafka.close();
  }

  private Path configFile(KafkaConfig cfg) throws Exception {
    Path f = dir.resolve("acm-asr.json");
    JsonObject k = cfg.toJson();
    k.remove("bootstrap_servers"); // given with --bootstrap, as a user would
    Files.writeString(f, new JsonObject().put("kafka", k).encodePrettily());
    return f;
  }

  @Test
  void submitChunksLargeFilesAndTailPrintsTranscriptsAndDeadLetters() throws Exception {
    KafkaConfig cfg = KafkaFixtures.config(kafka.bootstrap(), "cli", "cli-1", new JsonObject());
    Path config = configFile(cfg);
    kafka.createTopics(1, cfg.deadLetterTopic());
    var topics = run("kafka", "topics", "--bootstrap", kafka.bootstrap(), "--config", config.toString(),
        "--partitions", "2");
    assertEquals(0, topics.code(), topics.err());
    assertEquals(List.of("exists  cli.dead", "created cli.audio (2 partitions)", "created cli.transcripts (2 partitions)"),
        topics.out().lines().toList());
    assertEquals(2, kafka.admin().describeTopics(List.of("cli.audio")).allTopicNames().get().get("cli.audio")
        .partitions().size());
    Path mp3 = TestData.clip(TestData.CLIP_48K);
    Path ljs = TestData.clip(TestData.CLIP_22K);
    Path raw = dir.resolve("clip.s16");
    Files.write(raw, KafkaFixtures.s16le(KafkaFixtures.samples(Files.readAllBytes(mp3))));
    Path odd = dir.resolve("odd.s16");
    Files.write(odd, new byte[] {1, 2, 3});

    var small = run("kafka", "submit", "--bootstrap", kafka.bootstrap(), "--config", config.toString(), "--id", "one",
        "--budget", "0.5", "--meta", "customer=acme", mp3.toString());
    assertEquals(0, small.code(), small.err());
    assertTrue(small.out().startsWith("one\t" + mp3 + "\t1 record(s)\tcli.audio-"), small.out());
    var big = run("kafka", "submit", "--bootstrap", kafka.bootstrap(), "--config", config.toString(),
        "--chunk-bytes", "16384", ljs.toString());
    assertEquals(0, big.code(), big.err());
    String bigId = big.out().split("\t")[0];
    assertTrue(bigId.startsWith(ljs.getFileName() + "-"), big.out());
    int chunks = Integer.parseInt(big.out().split("\t")[2].split(" ")[0]);
    assertEquals((Files.size(ljs) + 16383) / 16384, chunks, "large file sent as chunks: " + big.out());
    var pcm = run("kafka", "submit", "--bootstrap", kafka.bootstrap(), "--config", config.toString(), "--raw",
        "pcm_s16le", "--rate", "16000", raw.toString(), odd.toString());
    assertEquals(0, pcm.code(), pcm.err());
    String rawId = pcm.out().lines().toList().get(0).split("\t")[0];
    String oddId = pcm.out().lines().toList().get(1).split("\t")[0];

    Recognizer recognizer = KafkaFixtures.recognizer(model);
    try (Engine scheduler = new Engine(recognizer, SchedulerConfig.defaults())) {
      KafkaTranscriptionVerticle worker = new KafkaTranscriptionVerticle(scheduler, cfg, "tiny@cli");
      await(vertx.deployVerticle(worker).toCompletionStage());
      var tail = run("kafka", "tail", "--bootstrap", kafka.bootstrap(), "--config", config.toString(),
          "--from-beginning", "--dead-letters", "--count", "4");
      assertEquals(0, tail.code(), tail.err());
      Map<String, String> lines = tail.out().lines().collect(Collectors.toMap(l -> l.split("\t")[0],
          l -> l.split("\t", 2)[1]));
      assertEquals(java.util.Set.of("one", bigId, rawId, oddId), lines.keySet(), tail.out());
      assertEquals(recognizer.transcribe(KafkaFixtures.samples(Files.readAllBytes(mp3)), Budget.fixed(0.5)).text(), lines.get("one"));
      assertEquals(recognizer.transcribe(KafkaFixtures.samples(Files.readAllBytes(ljs)), Budget.fixed(1.0)).text(), lines.get(bigId));
      assertEquals("DEAD LETTER UNDECODABLE_AUDIO: request " + oddId + ": raw pcm_s16le: byte count 3 is not a multiple "
          + "of 2 (2 bytes per sample x 1 channel(s))", lines.get(oddId));

      // --from-beginning with --group: rewinds the group (it used to be ignored), twice in a row.
      for (int round = 0; round < 2; round++) {
        var grouped = run("kafka", "tail", "--bootstrap", kafka.bootstrap(), "--config", config.toString(),
            "--group", "g-tail", "--from-beginning", "--dead-letters", "--count", "4", "--idle-timeout", "20");
        assertEquals(0, grouped.code(), grouped.err());
        assertEquals(4, grouped.out().lines().count(), "round " + round + ": " + grouped.out());
      }

      var json = run("kafka", "tail", "--bootstrap", kafka.bootstrap(), "--config", config.toString(),
          "--from-beginning", "--json", "--count", "3");
      assertEquals(0, json.code(), json.err());
      ObjectMapper m = new ObjectMapper();
      JsonNode one = null;
      for (String l : json.out().lines().toList()) {
        JsonNode n = m.readTree(l);
        if (n.get("request_id").asText().equals("one")) one = n;
      }
      assertTrue(one != null, json.out());
      assertEquals(0.5, one.get("budget").asDouble());
      assertEquals("acme", one.get("metadata").get("customer").asText());
      assertEquals("tiny@cli", one.get("model_id").asText());
      assertTrue(one.get("words").size() > 0 && one.get("words").get(0).has("confidence"), json.out());

      var idle = run("kafka", "tail", "--bootstrap", kafka.bootstrap(), "--config", config.toString(),
          "--idle-timeout", "0.5");
      assertEquals(0, idle.code(), idle.err());
      assertEquals("", idle.out(), "from the end: nothing new");
      await(vertx.undeploy(worker.deploymentID()).toCompletionStage());
    }
  }

  @Test
  void badSettingsAreOneLineErrorsNamingTheKey() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"kafka\": {\"max_pol_records\": 5}}");
    var r = run("kafka", "worker", "--config", bad.toString(), "--model", "x.acm");
    assertEquals(1, r.code());
    // One loader for the whole file: unknown keys name the file and the section's known keys, as in every section.
    assertEquals("acm-asr worker: kafka.max_pol_records (in " + bad + "): unknown setting",
        r.err().strip().split("; known: ")[0]);
    assertEquals(1, r.err().strip().lines().count(), r.err());
    Files.writeString(bad, "{\"kafka\": {\"default_budget\": 0}, \"engine\": {\"max_batch\": 0}}");
    r = run("kafka", "worker", "--config", bad.toString(), "--model", "x.acm");
    assertEquals("acm-asr worker: kafka.default_budget = 0.0 (in " + bad + "): must be in (0, 1]", r.err().strip());
    Files.writeString(bad, "{\"engine\": {\"max_batch\": 0}}");
    r = run("kafka", "worker", "--config", bad.toString(), "--model", "x.acm");
    assertEquals("acm-asr worker: engine.max_batch = 0 (in " + bad + "): must be in [1, 1024]", r.err().strip());
    Files.writeString(bad, "{\"kafka\": {\"properties\": {\"enable.auto.commit\": true}}}");
    r = run("kafka", "worker", "--config", bad.toString(), "--model", "x.acm");
    assertEquals("acm-asr worker: kafka.properties.enable.auto.commit: set by acm-asr (exactly-once commits offsets "
        + "in transactions)", r.err().strip());
    r = run("kafka", "worker", "--bootstrap", "localhost:1", "--model", dir.resolve("missing.acm").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().strip().startsWith("acm-asr worker: ") && r.err().contains("missing.acm"), r.err());
    r = run("kafka", "submit", "--budget", "2", "x.mp3");
    assertEquals("acm-asr submit: budget = 2.0: must be in (0, 1]", r.err().strip());
    r = run("kafka", "submit", "--budget-floor", "0.3", "x.mp3");
    assertEquals("acm-asr submit: --budget-floor = 0.3: applies only with --budget auto", r.err().strip());
    r = run("kafka", "submit", "--budget", "auto", "--budget-floor", "0", "x.mp3");
    assertEquals("acm-asr submit: --budget-floor = 0.0: must be in (0, 1]", r.err().strip());
    r = run("kafka", "submit", "--bootstrap", kafka.bootstrap(), dir.resolve("missing.mp3").toString());
    assertTrue(r.err().strip().endsWith("missing.mp3: no such file"), r.err());
  }

  @Test
  void benchReportsAudioHoursPerHourForEachBudgetAndInstanceCount() throws Exception {
    Path data = dir.resolve("corpus");
    Files.createDirectories(data);
    Files.createSymbolicLink(data.resolve("clips"), TestData.corpus().resolve("clips"));
    List<String> tsv = Files.readAllLines(TestData.corpus().resolve("test.tsv")).subList(0, 7);
    Files.write(data.resolve("test.tsv"), tsv);
    Path modelFile = dir.resolve("tiny.acm");
    ModelFile.write(modelFile, model);
    var r = run("kafka", "bench", "--bootstrap", kafka.bootstrap(), "--model", modelFile.toString(), "--data",
        data.toString(), "--splits", "test", "--repeat", "2", "--budgets", "1,0.5", "--instances", "1,2");
    assertEquals(0, r.code(), r.err());
    List<String> rows = r.out().lines().filter(l -> l.matches("\\| 1 \\| [01]\\.\\d\\d \\|.*")).toList();
    assertEquals(4, rows.size(), r.out());
    for (String row : rows) {
      String[] c = row.split("\\|");
      assertEquals(12, Integer.parseInt(c[4].trim()), row);          // requests: 6 clips x 2
      assertTrue(Double.parseDouble(c[7].trim()) > 0, row);          // audio hours per hour
      double busy = Double.parseDouble(c[11].trim());                // inference busy
      assertTrue(busy > 0 && busy <= 1.0, row);
      assertEquals(0, Integer.parseInt(c[13].trim()), row);          // dead letters
    }
    assertTrue(rows.get(2).startsWith("| 1 | 0.50 | 1 |") && rows.get(3).startsWith("| 1 | 0.50 | 2 |"), r.out());
    double full = Double.parseDouble(rows.get(0).split("\\|")[9].trim());
    double half = Double.parseDouble(rows.get(2).split("\\|")[9].trim());
    assertTrue(half < 0.75 * full, "measured compute follows the budget: " + full + " vs " + half);
    var js = run("kafka", "bench", "--bootstrap", kafka.bootstrap(), "--model", modelFile.toString(), "--data",
        data.toString(), "--splits", "test", "--budgets", "1,0.5", "--instances", "1", "--rounds", "2", "--json");
    assertEquals(0, js.code(), js.err());
    List<String> lines = js.out().lines().filter(l -> l.startsWith("{")).toList();
    assertEquals(2, lines.size(), "one object per budget and instance count: " + js.out());
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < 2; i++) {
      var o = mapper.readTree(lines.get(i));
      assertEquals(i == 0 ? 1.0 : 0.5, o.get("budget").asDouble(), lines.get(i));
      assertEquals(2, o.get("rounds").size(), lines.get(i));
      assertTrue(o.get("audio_h_per_h").asDouble() > 0 && o.get("steady_audio_h_per_h").asDouble() > 0, lines.get(i));
      assertEquals(6, o.get("requests").asInt(), lines.get(i));
      assertEquals(0, o.get("dead_letters").asInt(), lines.get(i));
      double busy = o.get("inference_busy").asDouble();
      double search = o.get("search_share").asDouble();
      assertTrue(busy > 0 && busy <= 1.0, "the worker's busy share is a fraction of the wall time: " + lines.get(i));
      assertTrue(search > 0 && search < 1, "the search is part of every forward pass: " + lines.get(i));
    }
    assertTrue(mapper.readTree(lines.get(1)).get("compute_used").asDouble()
        < 0.75 * mapper.readTree(lines.get(0)).get("compute_used").asDouble(), js.out());
    assertTrue(kafka.admin().listTopics().names().get().stream().noneMatch(t -> t.startsWith("acm-bench-")),
        "bench topics are deleted");
  }
}
