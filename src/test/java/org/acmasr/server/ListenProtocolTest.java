package org.acmasr.server;

import static org.acmasr.server.WsClient.f32;
import static org.acmasr.server.WsClient.msg;
import static org.acmasr.server.WsClient.ofType;
import static org.acmasr.server.WsClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.acmasr.budget.Budget;
import org.acmasr.config.LimitsConfig;
import org.acmasr.decode.Word;
import org.acmasr.engine.Segment;
import org.acmasr.engine.Transcript;
import org.junit.jupiter.api.Test;

/** Every message type of /v1/listen against a real server. */
class ListenProtocolTest extends SharedServer {
  /** Finals must equal offline transcription: texts, and words with their rounded timings. */
  static void assertSameAsOffline(Transcript offline, List<JsonNode> finals) {
    List<JsonNode> spoken = finals.stream().filter(f -> !f.get("text").asText().isEmpty()).toList();
    assertEquals(offline.segments().stream().map(Segment::text).toList(),
        spoken.stream().map(f -> f.get("text").asText()).toList());
    List<String> want = new ArrayList<>();
    for (Word w : offline.words()) want.add(w.word() + "@" + round(w.start()) + "-" + round(w.end()));
    List<String> got = new ArrayList<>();
    for (JsonNode f : spoken) {
      for (JsonNode w : f.get("words")) got.add(w.get("word").asText() + "@" + w.get("start").asDouble() + "-" + w.get("end").asDouble());
    }
    assertEquals(want, got);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  @Test
  void startIsAnsweredWithReadyAndTheEffectiveConfig() throws Exception {
    WsClient c = server.listen();
    JsonNode ready = c.startAndAwaitReady(start("pcm_s16le", 16000));
    assertEquals(36, ready.get("session").asText().length(), "a UUID");
    JsonNode cfg = ready.get("config");
    assertEquals("pcm_s16le", cfg.get("encoding").asText());
    assertEquals(16000, cfg.get("sample_rate").asInt());
    assertEquals(1, cfg.get("channels").asInt());
    assertEquals(1.0, cfg.get("budget").asDouble(), "the server's default budget");
    assertTrue(cfg.get("interim_results").asBoolean());
    assertTrue(cfg.get("word_timestamps").asBoolean());
    JsonNode ep = cfg.get("endpointing");
    assertTrue(ep.get("enabled").asBoolean());
    assertEquals(1.2, ep.get("silence_after_speech").asDouble());
    assertEquals(2.4, ep.get("silence_without_speech").asDouble());
    assertEquals(20, ep.get("max_utterance").asDouble());
    LimitsConfig limits = TestServer.config().limits();
    assertEquals(limits.maxFrameBytes(), ready.get("limits").get("max_frame_bytes").asInt());
    assertEquals(limits.idleTimeoutSeconds(), ready.get("limits").get("idle_timeout_seconds").asDouble());
    c.send(msg("close"));
    assertEquals(1000, c.closeCode());

    WsClient d = server.listen();
    var full = start("pcm_f32le", 44100).put("channels", 2).put("budget", 0.5).put("interim_results", false)
        .put("word_timestamps", false);
    full.putObject("endpointing").put("silence_after_speech", 0.8).put("max_utterance", 12);
    JsonNode cfg2 = d.startAndAwaitReady(full).get("config");
    assertEquals("pcm_f32le", cfg2.get("encoding").asText());
    assertEquals(44100, cfg2.get("sample_rate").asInt());
    assertEquals(2, cfg2.get("channels").asInt());
    assertEquals(0.5, cfg2.get("budget").asDouble());
    assertFalse(cfg2.get("interim_results").asBoolean());
    assertFalse(cfg2.get("word_timestamps").asBoolean());
    assertEquals(0.8, cfg2.get("endpointing").get("silence_after_speech").asDouble());
    assertEquals(2.4, cfg2.get("endpointing").get("silence_without_speech").asDouble(), "unset: the default");
    assertEquals(12, cfg2.get("endpointing").get("max_utterance").asDouble());
    d.send(msg("close"));
    assertEquals(1000, d.closeCode());
  }

  @Test
  void audioGetsPartialsAndFinalsThatEqualOfflineTranscription() throws Exception {
    Transcript offline = TestServer.offline(speech, 0.75);
    WsClient c = server.listen();
    c.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 0.75));
    List<JsonNode> all = c.streamAndClose(f32(speech), 6400);
    List<JsonNode> partials = ofType(all, "partial");
    List<JsonNode> finals = ofType(all, "final");
    assertFalse(partials.isEmpty());
    assertSameAsOffline(offline, finals);
    assertEquals(all.get(all.size() - 1).get("type").asText(), "final", "the last message before the close is a final");
    double lastEnd = 0;
    for (JsonNode p : partials) {
      double start = p.get("start").asDouble();
      double end = p.get("end").asDouble();
      assertTrue(end > start && end >= lastEnd - 1e-9, p.toString());
      lastEnd = end;
      JsonNode compute = p.get("compute");
      assertEquals(0.75, compute.get("budget").asDouble());
      assertTrue(compute.get("used").asDouble() > 0 && compute.get("used").asDouble() <= 1.2, p.toString());
      assertEquals(Math.round((end - start) / 0.04), compute.get("frames").size(), "one value per 40 ms frame");
    }
    for (JsonNode f : finals) {
      assertFalse(f.get("from_finalize").asBoolean());
      for (JsonNode w : f.get("words")) {
        assertTrue(w.get("start").asDouble() >= f.get("start").asDouble() - 1e-9, w.toString());
        assertTrue(w.get("end").asDouble() <= f.get("end").asDouble() + 1e-9, w.toString());
        double conf = w.get("confidence").asDouble();
        assertTrue(conf > 0 && conf <= 1, w.toString());
      }
    }
  }

  @Test
  void configureChangesTheBudgetForLaterAudio() throws Exception {
    WsClient c = server.listen();
    c.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 1.0));
    int half = speech.length / 2;
    c.sendAudio(f32(Arrays.copyOf(speech, half)));
    List<JsonNode> firstHalf = c.until("partial");
    JsonNode before = firstHalf.get(firstHalf.size() - 1);
    assertEquals(1.0, before.get("compute").get("budget").asDouble());
    c.send(msg("configure").put("budget", 0.25));
    List<JsonNode> after = c.streamAndClose(f32(Arrays.copyOfRange(speech, half, speech.length)), 8000);
    JsonNode last = ofType(after, "partial").get(ofType(after, "partial").size() - 1);
    assertEquals(0.25, last.get("compute").get("budget").asDouble());
    // Budget-following gates: k = round(4·β) learners run, so the compute spent falls with the budget.
    JsonNode frames = last.get("compute").get("frames");
    assertTrue(frames.get(frames.size() - 1).asDouble() < before.get("compute").get("frames").get(0).asDouble(),
        "frames decoded after configure use less compute: " + last);
  }

  @Test
  void finalizeFlushesTheSegmentAndKeepsTheStreamOpen() throws Exception {
    WsClient c = server.listen();
    var s = start("pcm_f32le", 16000);
    s.putObject("endpointing").put("enabled", false);
    c.startAndAwaitReady(s);
    c.sendBinary(f32(Arrays.copyOf(speech, 16000)));
    c.send(msg("finalize"));
    List<JsonNode> upTo = c.until("final");
    JsonNode f = upTo.get(upTo.size() - 1);
    assertTrue(f.get("from_finalize").asBoolean(), f.toString());
    assertEquals(0, f.get("segment").asInt());
    // 1 s of audio = 98 log-mel frames = 24 encoder frames of 40 ms, all decoded (the last chunk short).
    assertEquals(0.96, f.get("end").asDouble(), 1e-9);
    assertFalse(f.get("text").asText().isEmpty());

    c.send(msg("finalize")); // nothing new: still exactly one final, empty
    JsonNode empty = c.until("final").get(0);
    assertTrue(empty.get("from_finalize").asBoolean());
    assertEquals("", empty.get("text").asText());
    assertEquals(1, empty.get("segment").asInt());

    c.sendAudio(f32(Arrays.copyOfRange(speech, 16000, 40000)));
    List<JsonNode> more = c.until("partial");
    JsonNode partial = more.get(more.size() - 1);
    assertEquals(0.96, partial.get("start").asDouble(), 1e-9, "the stream went on in a new segment");
    List<JsonNode> rest = c.streamAndClose(f32(Arrays.copyOfRange(speech, 40000, speech.length)), 8000);
    JsonNode last = ofType(rest, "final").get(0);
    assertFalse(last.get("from_finalize").asBoolean());
    assertEquals(2, last.get("segment").asInt());
  }

  @Test
  void keepaliveHoldsAnIdleSessionOpen() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config().withLimits(new LimitsConfig(64 * 1024, 0.8, 600, 1 << 20)))) {
      WsClient c = s.listen();
      c.startAndAwaitReady(start("pcm_s16le", 16000));
      for (int i = 0; i < 12; i++) {
        Thread.sleep(150);
        c.send(msg("keepalive"));
      }
      assertFalse(c.isClosed(), "1.8 s with keepalives every 150 ms, idle limit 0.8 s");
      c.send(msg("close"));
      assertEquals(1000, c.closeCode());
    }
  }

  @Test
  void interimResultsAndWordTimestampsCanBeTurnedOff() throws Exception {
    WsClient c = server.listen();
    c.startAndAwaitReady(start("pcm_f32le", 16000).put("interim_results", false).put("word_timestamps", false));
    List<JsonNode> all = c.streamAndClose(f32(speech), 16000);
    assertTrue(ofType(all, "partial").isEmpty(), "no partials");
    List<JsonNode> finals = ofType(all, "final");
    assertFalse(finals.isEmpty());
    for (JsonNode f : finals) assertEquals(0, f.get("words").size());
    assertFalse(finals.get(0).get("text").asText().isEmpty());
  }

  @Test
  void endpointingSettingsEndSegments() throws Exception {
    WsClient c = server.listen();
    var s = start("pcm_f32le", 16000).put("interim_results", false);
    s.putObject("endpointing").put("max_utterance", 0.5);
    JsonNode ready = c.startAndAwaitReady(s);
    assertEquals(0.5, ready.get("config").get("endpointing").get("max_utterance").asDouble());
    List<JsonNode> finals = ofType(c.streamAndClose(f32(speech), 8000), "final");
    assertTrue(finals.size() >= 4, "3.3 s in segments of at most 0.5 s (+ one 160 ms chunk): " + finals.size());
    for (JsonNode f : finals) {
      assertTrue(f.get("end").asDouble() - f.get("start").asDouble() <= 0.5 + 0.16 + 1e-9, f.toString());
    }
  }

  @Test
  void closeBeforeStartEndsCleanly() throws Exception {
    WsClient c = server.listen();
    c.send(msg("close"));
    assertEquals(1000, c.closeCode());
  }
}
