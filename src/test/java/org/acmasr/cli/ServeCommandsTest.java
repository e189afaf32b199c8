package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.budget.Budget;
import org.acmasr.config.HttpConfig;
import org.acmasr.config.ServeConfig;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.engine.Segment;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.server.AsrServer;
import org.acmasr.server.client.ListenClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `listen` client, `bench ws` and `serve`'s start-up errors, run in process. */
class ServeCommandsTest {
  private static final String WAV = "samples/cathy_arctic_a0001_16k.wav";

  @TempDir
  Path dir;

  private static ModelData tiny() {
    ModelConfig cfg = new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
    return ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 9));
  }

  @Test
  void listenStreamsAFileAndPrintsTheFinals() throws Exception {
    Recognizer recognizer = new Recognizer(AcmModel.of(tiny()), RecognizerConfig.defaults());
    Vertx vertx = Vertx.vertx();
    ServeConfig cfg = ServeConfig.defaults();
    Engine engine = new Engine(recognizer, cfg.engine());
    AsrServer server = new AsrServer(vertx, cfg.withHttp(new HttpConfig("127.0.0.1", 0, null, List.of("secret-key"), 5)),
        CompletableFuture.completedFuture(engine));
    int port = server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try {
      // What the server receives: the file as 16 kHz pcm_s16le.
      byte[] pcm = ListenClient.pcm16(AudioDecoder.loadMono(Path.of(WAV), null, 16000), 0,
          AudioDecoder.loadMono(Path.of(WAV), null, 16000).length);
      ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
      float[] sent = new float[pcm.length / 2];
      for (int i = 0; i < sent.length; i++) sent[i] = b.getShort() / 32768f;
      List<String> expected = recognizer.transcribe(sent, Budget.fixed(1)).segments().stream().map(Segment::text).toList();

      String url = "ws://127.0.0.1:" + port + "/v1/listen";
      FeaturesCommandTest.Result r = FeaturesCommandTest.run("listen", "--url", url, "--token", "secret-key", "--fast", WAV);
      assertEquals(0, r.code(), r.err());
      assertEquals(expected, r.out().lines().toList());

      FeaturesCommandTest.Result json = FeaturesCommandTest.run("listen", "--url", url, "--token", "secret-key", "--fast",
          "--json", WAV);
      assertEquals(0, json.code(), json.err());
      assertTrue(json.out().startsWith("{\"type\":\"ready\""), json.out());
      assertTrue(json.out().contains("\"type\":\"partial\"") && json.out().contains("\"type\":\"final\""), json.out());

      FeaturesCommandTest.Result denied = FeaturesCommandTest.run("listen", "--url", url, "--token", "wrong", WAV);
      assertEquals(1, denied.code());
      assertTrue(denied.err().contains("cannot connect") && denied.err().contains("401"), denied.err());
    } finally {
      server.shutdown(Duration.ofSeconds(2));
      engine.close();
      vertx.close();
    }
  }

  @Test
  void benchWsReportsLatencyErrorsAndCpu() throws Exception {
    Path model = dir.resolve("tiny.acm");
    ModelFile.write(model, tiny());
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("bench", "ws", "--model", model.toString(), "--streams", "1,60",
        "--seconds", "1.5", "--warmup", "0", "--target-ms", "5000", WAV);
    assertEquals(0, r.code(), r.err());
    List<String> rows = r.out().lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList();
    assertEquals(2, rows.size(), r.out());
    for (String row : rows) {
      String[] cells = row.split("\\|");
      assertEquals(cells[1].trim(), cells[2].trim(), "the server held every stream at once: " + row);
      assertTrue(Integer.parseInt(cells[3].trim()) > 0, "partials were received: " + row);
      assertEquals("0", cells[10].trim(), "no errors: " + row);
      assertTrue(cells[12].trim().endsWith("%"), "inference thread busy: " + row);
      assertTrue(cells[13].trim().matches("[0-9]+%"), "search share of the inference time: " + row);
      assertEquals(1.0, Double.parseDouble(cells[14].trim()), 1e-9, "mean budget used: " + row);
      assertEquals("yes", cells[15].trim(), row);
    }
    assertTrue(r.out().contains("budget 1: largest stream count holding p95 partial latency <= 5000 ms with no errors: 60"),
        r.out());
  }

  @Test
  void benchWsComparesBudgetsSideBySideAsJson() throws Exception {
    Path model = dir.resolve("tiny.acm");
    ModelFile.write(model, tiny());
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("bench", "ws", "--model", model.toString(), "--streams", "1,4",
        "--seconds", "1.5", "--warmup", "0", "--target-ms", "5000", "--budgets", "1,0.5,auto", "--json", WAV);
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(3, lines.size(), "one JSON object per budget: " + r.out());
    String[] budgets = {"1.0", "0.5", "\"auto\""};
    for (int i = 0; i < 3; i++) {
      com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(i));
      assertEquals(budgets[i], o.get("budget").toString(), lines.get(i));
      assertEquals(4, o.get("max_streams").asInt(), lines.get(i));
      assertTrue(o.get("p95_partial_ms").asDouble() <= 5000, lines.get(i));
      assertTrue(o.get("cpu_cores").asDouble() > 0, lines.get(i));
      assertEquals(2, o.get("rows").size(), lines.get(i));
      for (com.fasterxml.jackson.databind.JsonNode row : o.get("rows")) {
        double share = row.get("search_share").asDouble(-1);
        assertTrue(share >= 0 && share < 1, "search share of the inference time: " + row);
      }
      double used = o.get("mean_budget_used").asDouble();
      if (i < 2) {
        assertEquals(Double.parseDouble(budgets[i]), used, 1e-3, lines.get(i));
      } else {
        assertTrue(used > 0 && used <= 1, lines.get(i));
      }
    }
    FeaturesCommandTest.Result bad = FeaturesCommandTest.run("bench", "ws", "--model", model.toString(), "--budgets",
        "1,fast", WAV);
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("--budgets: \"fast\" is neither a number in (0, 1] nor auto"), bad.err());
  }

  @Test
  void serveRefusesToStartWithoutAModelOrWithABadConfig() throws Exception {
    FeaturesCommandTest.Result none = FeaturesCommandTest.run("serve", "--port", "0", "--model",
        dir.resolve("missing.acm").toString());
    assertEquals(1, none.code());
    assertTrue(none.err().startsWith("acm-asr serve: ") && none.err().contains("missing.acm"), none.err());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"engine\": {\"max_streams\": 0}}");
    FeaturesCommandTest.Result cfg = FeaturesCommandTest.run("serve", "--config", bad.toString(), "--model", "x.acm");
    assertEquals(1, cfg.code());
    assertEquals("acm-asr serve: engine.max_streams = 0 (in " + bad + "): must be in [1, 100000]", cfg.err().trim());
  }
}
