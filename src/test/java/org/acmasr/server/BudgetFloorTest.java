package org.acmasr.server;

import static org.acmasr.server.WsClient.f32;
import static org.acmasr.server.WsClient.msg;
import static org.acmasr.server.WsClient.ofType;
import static org.acmasr.server.WsClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A budget below what a calibrated model can reach is not silently raised: {@code ready}, results,
 * {@code /readyz} and {@code POST /v1/transcribe} state the budget in force and the model's floor.
 */
class BudgetFloorTest {
  @Test
  void budgetsBelowTheFloorReportTheFloor() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config(), TestServer.calibrated(0.28))) {
      assertEquals(0.28, Schema.JSON.readTree(s.http().get("/readyz").body()).get("min_budget").asDouble());
      WsClient c = s.listen();
      JsonNode ready = c.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 0.05));
      assertEquals(0.28, ready.get("min_budget").asDouble(), 1e-6, ready.toString());
      assertEquals(0.28, ready.get("config").get("budget").asDouble(), 1e-6, ready.toString());
      List<JsonNode> all = c.streamAndClose(f32(TestServer.speech()), 16000);
      List<JsonNode> results = new java.util.ArrayList<>(ofType(all, "partial"));
      results.addAll(ofType(all, "final"));
      assertFalse(results.isEmpty());
      for (JsonNode r : results) assertEquals(0.28, r.get("compute").get("budget").asDouble(), 1e-4, r.toString());

      WsClient above = s.listen();
      assertEquals(0.5, above.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 0.5)).get("config")
          .get("budget").asDouble());
      above.send(msg("configure").put("budget", 1e-30)); // from now on: the floor
      List<JsonNode> after = above.streamAndClose(f32(TestServer.speech()), 16000);
      assertEquals(0.28, ofType(after, "final").get(ofType(after, "final").size() - 1).get("compute").get("budget")
          .asDouble(), 1e-4);

      Http.Response r = s.http().post("/v1/transcribe?budget=1e-30", "audio/wav",
          Files.readAllBytes(Path.of("samples/cathy_arctic_a0001_16k.wav")));
      assertEquals(200, r.status(), r.body());
      assertEquals(0.28, Schema.http(r.body(), true).get("compute").get("budget").asDouble(), 1e-4, r.body());
    }
  }

  @Test
  void anUncalibratedModelHasNoFloor() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config())) {
      JsonNode ready = s.listen().startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 0.05));
      assertEquals(0.0, ready.get("min_budget").asDouble());
      assertEquals(0.05, ready.get("config").get("budget").asDouble(), 1e-6);
    }
  }
}
