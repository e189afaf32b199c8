package org.acmasr.server;

import static org.acmasr.server.WsClient.f32;
import static org.acmasr.server.WsClient.msg;
import static org.acmasr.server.WsClient.ofType;
import static org.acmasr.server.WsClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code "budget": "auto"} on the wire (issue 20): the WebSocket start and configure messages and the
 * batch endpoint accept it with an optional floor, {@code ready} echoes it with the floor in force (at
 * least the engine's and the model's), results state the β each segment was decoded at, {@code /metrics}
 * exports the level and the budget used per segment, and malformed requests get typed errors.
 */
class AutoBudgetWireTest {
  private static final byte[] WAV = wav();

  private static byte[] wav() {
    try {
      return Files.readAllBytes(Path.of("samples/cathy_arctic_a0001_16k.wav"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void autoStreamsEchoTheirFloorReportTheBudgetUsedAndAreCountedOnMetrics() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config(), TestServer.calibrated(0.28))) {
      WsClient auto = s.listen();
      JsonNode ready = auto.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", "auto"));
      assertEquals("auto", ready.get("config").get("budget").asText(), ready.toString());
      // No floor of its own: the engine's (engine.auto_budget.floor = 0.25) and the model's (0.28) apply.
      assertEquals(0.28, ready.get("config").get("budget_floor").asDouble(), 1e-4, ready.toString());
      List<JsonNode> finals = ofType(auto.streamAndClose(f32(TestServer.speech()), 16000), "final");
      assertFalse(finals.isEmpty());
      for (JsonNode f : finals) {
        double b = f.get("compute").get("budget").asDouble();
        assertTrue(b >= 0.28 - 1e-4 && b <= 1, "an auto segment is decoded between its floor and 1: " + f);
      }

      WsClient floored = s.listen();
      JsonNode r2 = floored.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", "auto").put("budget_floor", 0.6));
      assertEquals(0.6, r2.get("config").get("budget_floor").asDouble(), 1e-9, r2.toString());
      for (JsonNode f : ofType(floored.streamAndClose(f32(TestServer.speech()), 16000), "final")) {
        assertTrue(f.get("compute").get("budget").asDouble() >= 0.6 - 1e-4, "never below its own floor: " + f);
      }

      String metrics = s.http().get("/metrics").body();
      assertTrue(metrics.contains("acm_auto_budget_level "), metrics);
      assertTrue(metrics.matches("(?s).*acm_segment_budget_count\\{mode=\"auto\"} [1-9].*"), metrics);
    }
  }

  @Test
  void aFixedStreamCanSwitchToAutoAndBack() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config())) {
      WsClient c = s.listen();
      assertEquals(0.5, c.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 0.5)).get("config")
          .get("budget").asDouble());
      c.send(msg("configure").put("budget", "auto").put("budget_floor", 0.4));
      c.send(msg("configure").put("budget", 0.75));
      List<JsonNode> all = c.streamAndClose(f32(TestServer.speech()), 16000);
      assertTrue(ofType(all, "error").isEmpty(), all.toString());
      List<JsonNode> finals = ofType(all, "final");
      assertEquals(0.75, finals.get(finals.size() - 1).get("compute").get("budget").asDouble(), 1e-4);
    }
  }

  @Test
  void malformedAutoBudgetsGetTypedErrors() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config())) {
      String[][] cases = {
          {"\"budget\": \"fast\"", "start.budget = \"fast\": must be a number in (0, 1] or \"auto\""},
          {"\"budget\": 0.5, \"budget_floor\": 0.3", "start.budget_floor = 0.3: applies only with budget = \"auto\""},
          {"\"budget_floor\": 0.3", "start.budget_floor = 0.3: applies only with budget = \"auto\""},
          {"\"budget\": \"auto\", \"budget_floor\": 0", "start.budget_floor = 0.0: must be in (0, 1]"},
          {"\"budget\": \"auto\", \"budget_floor\": \"low\"", "start.budget_floor = \"low\": must be a number"},
      };
      for (String[] c : cases) {
        WsClient ws = s.listen();
        ws.sendRaw("{\"type\": \"start\", \"encoding\": \"pcm_f32le\", \"sample_rate\": 16000, " + c[0] + "}");
        List<JsonNode> got = ws.until("error");
        JsonNode e = got.get(got.size() - 1);
        assertEquals("bad_config", e.get("code").asText(), e.toString());
        assertEquals(c[1], e.get("message").asText(), e.toString());
      }
      assertEquals(200, s.http().post("/v1/transcribe?budget=auto", "audio/wav", WAV).status());
      Http.Response floored = s.http().post("/v1/transcribe?budget=auto&budget_floor=0.5", "audio/wav", WAV);
      assertEquals(200, floored.status(), floored.body());
      assertTrue(Schema.http(floored.body(), true).get("compute").get("budget").asDouble() >= 0.5 - 1e-4, floored.body());
      Http.Response noAuto = s.http().post("/v1/transcribe?budget=0.5&budget_floor=0.3", "audio/wav", WAV);
      assertEquals(400, noAuto.status(), noAuto.body());
      assertTrue(noAuto.body().contains("budget_floor = 0.3: applies only with budget=auto"), noAuto.body());
      Http.Response badFloor = s.http().post("/v1/transcribe?budget=auto&budget_floor=2", "audio/wav", WAV);
      assertEquals(400, badFloor.status(), badFloor.body());
      assertTrue(badFloor.body().contains("budget_floor = 2.0: must be in (0, 1]"), badFloor.body());
      assertEquals(0, s.openStreams());
    }
  }
}
