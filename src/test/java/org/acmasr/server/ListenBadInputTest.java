package org.acmasr.server;

import static org.acmasr.server.WsClient.f32;
import static org.acmasr.server.WsClient.msg;
import static org.acmasr.server.WsClient.ofType;
import static org.acmasr.server.WsClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.acmasr.config.LimitsConfig;
import org.acmasr.engine.SchedulerConfig;
import org.acmasr.engine.Transcript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every refusal gets a typed error naming what was wrong; a bad client never disturbs another stream. */
class ListenBadInputTest extends SharedServer {
  /** The error that ends a session, and the close code that follows it. */
  static JsonNode expectFatal(WsClient c, String code, int closeCode) throws Exception {
    List<JsonNode> seen = c.until("error");
    return c.assertFatal(seen.get(seen.size() - 1), code, closeCode);
  }

  private static JsonNode expectNonFatal(WsClient c, String code) throws Exception {
    List<JsonNode> seen = c.until("error");
    JsonNode e = seen.get(seen.size() - 1);
    assertEquals(code, e.get("code").asText(), e.toString());
    assertFalse(e.get("fatal").asBoolean(), e.toString());
    return e;
  }

  /** Every failure kind below leaves every stream slot free again. */
  @AfterEach
  void everySlotIsFreeAgain() throws Exception {
    assertTrue(TestServer.await(() -> server.openStreams() == 0), server.openStreams() + " slot(s) still held");
  }

  /** Float samples out of range (±1e38, or 16-bit PCM sent as f32) end the stream with bad_audio naming the range. */
  @Test
  void outOfRangeFloatSamplesAreBadAudio() throws Exception {
    WsClient c = server.listen();
    c.startAndAwaitReady(start("pcm_f32le", 16000));
    c.sendBinary(f32(Arrays.copyOf(speech, 16000)));
    float[] huge = Arrays.copyOfRange(speech, 16000, 17600);
    huge[100] = 1e38f;
    c.sendBinary(f32(huge));
    JsonNode e = expectFatal(c, "bad_audio", 1007);
    assertTrue(e.get("message").asText().startsWith("pcm_f32le: sample 16100 is 1.0E38, outside the accepted range "
        + "[-2.0, 2.0]"), e.toString());

    WsClient s16AsF32 = server.listen();
    s16AsF32.startAndAwaitReady(start("pcm_f32le", 16000));
    s16AsF32.sendBinary(WsClient.s16(Arrays.copyOf(speech, 16000)));
    expectFatal(s16AsF32, "bad_audio", 1007);
  }

  /** engine.max_audio_seconds holds for streams too (audio can come faster than real time). */
  @Test
  void audioOverTheDurationLimitEndsTheStreamAfterItsFinals() throws Exception {
    try (TestServer s = TestServer.start(SchedulerConfig.defaults().withMaxAudioSeconds(2))) {
      WsClient c = s.listen();
      c.startAndAwaitReady(start("pcm_f32le", 16000).put("interim_results", false));
      byte[] audio = f32(speech); // 3.3 s
      for (int off = 0; off < audio.length && !c.isClosed(); off += 6400) {
        c.sendBinary(Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 6400)));
      }
      List<JsonNode> seen = c.until("error");
      JsonNode e = seen.get(seen.size() - 1);
      assertEquals("audio_too_long", e.get("code").asText(), e.toString());
      assertTrue(e.get("message").asText().startsWith("the audio is longer than engine.max_audio_seconds = 2 s"), e.toString());
      seen.addAll(c.drainUntilClosed());
      assertEquals(1008, c.closeCode());
      assertEquals("audio_too_long", c.closeReason());
      assertTrue(TestServer.await(() -> s.openStreams() == 0));
    }
  }

  /** One client (here: one address, no keys) cannot hold every slot: limits.max_streams_per_client. */
  @Test
  void perClientStreamLimit() throws Exception {
    LimitsConfig l = TestServer.config().limits().withClientLimits(2, 60);
    try (TestServer s = TestServer.start(TestServer.config().withLimits(l))) {
      WsClient a = s.listen();
      a.startAndAwaitReady(start("pcm_s16le", 16000));
      WsClient b = s.listen();
      b.startAndAwaitReady(start("pcm_s16le", 16000));
      WsClient c = s.listen();
      JsonNode e = expectFatal(c, "too_many_streams", 1013);
      assertTrue(e.get("message").asText().contains("limits.max_streams_per_client"), e.toString());
      Http.Response r = s.http().post("/v1/transcribe", "audio/wav",
          java.nio.file.Files.readAllBytes(java.nio.file.Path.of("samples/cathy_arctic_a0001_16k.wav")));
      assertEquals(429, r.status(), r.body());
      assertEquals("too_many_streams", Schema.http(r.body(), false).get("code").asText());
      a.send(msg("close"));
      a.drainUntilClosed();
      WsClient d = s.listen(); // a slot of this client is free again
      d.startAndAwaitReady(start("pcm_s16le", 16000));
      assertTrue(s.server.metrics().scrape().contains("acm_errors_total{code=\"too_many_streams\"} 2.0"));
    }
  }

  /** Sessions that only send keepalives are ended after limits.no_audio_timeout_seconds, freeing their slots. */
  @Test
  void keepalivesAloneDoNotHoldAStream() throws Exception {
    LimitsConfig l = TestServer.config().limits().withClientLimits(0, 0.6);
    try (TestServer s = TestServer.start(TestServer.config().withLimits(l))) {
      WsClient c = s.listen();
      JsonNode ready = c.startAndAwaitReady(start("pcm_s16le", 16000));
      assertEquals(0.6, ready.get("limits").get("no_audio_timeout_seconds").asDouble());
      for (int i = 0; i < 30 && !c.isClosed(); i++) {
        c.send(msg("keepalive"));
        Thread.sleep(100);
      }
      JsonNode e = expectFatal(c, "no_audio_timeout", 1008);
      assertTrue(e.get("message").asText().contains("limits.no_audio_timeout_seconds"), e.toString());
      assertTrue(TestServer.await(() -> s.openStreams() == 0));
      // Audio keeps a session alive past the same time.
      WsClient talking = s.listen();
      talking.startAndAwaitReady(start("pcm_f32le", 16000).put("interim_results", false));
      for (int i = 0; i < 12; i++) {
        talking.sendBinary(f32(Arrays.copyOfRange(speech, i * 1600, (i + 1) * 1600)));
        Thread.sleep(100);
      }
      assertFalse(talking.isClosed());
      talking.send(msg("close"));
      talking.drainUntilClosed();
      assertEquals(1000, talking.closeCode());
    }
  }

  @Test
  void audioBeforeStart() throws Exception {
    WsClient c = server.listen();
    c.sendBinary(new byte[320]);
    JsonNode e = expectFatal(c, "audio_before_start", 1008);
    assertTrue(e.get("message").asText().contains("before the start message"), e.toString());
  }

  @Test
  void badJsonBeforeStartEndsTheSession() throws Exception {
    for (String bad : List.of("{not json", "[1, 2]", "\"start\"", "{\"encoding\": \"pcm_s16le\"}", "{\"type\": 5}",
        "{\"type\":\"start\",\"type\":\"close\"}")) {
      WsClient c = server.listen();
      c.sendRaw(bad);
      JsonNode e = expectFatal(c, "bad_json", 1008);
      assertFalse(e.get("message").asText().isEmpty());
    }
  }

  @Test
  void unknownTypeBeforeStartEndsTheSession() throws Exception {
    WsClient c = server.listen();
    c.sendRaw("{\"type\":\"begin\"}");
    JsonNode e = expectFatal(c, "unknown_type", 1008);
    assertTrue(e.get("message").asText().contains("\"begin\""), e.toString());
  }

  /** Each bad start value, with the field and value the message must name. */
  @Test
  void badConfigValuesAreNamed() throws Exception {
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {start("pcm_s16le", 96000), "start.sample_rate = 96000: must be in [8000, 48000]"});
    cases.add(new Object[] {start("pcm_s16le", 4000), "start.sample_rate = 4000: must be in [8000, 48000]"});
    cases.add(new Object[] {start("mp3", 16000), "start.encoding = \"mp3\": must be pcm_s16le or pcm_f32le"});
    cases.add(new Object[] {start("pcm_s16le", 16000).put("budget", 0), "start.budget = 0: must be in (0, 1]"});
    cases.add(new Object[] {start("pcm_s16le", 16000).put("budget", 1.5), "start.budget = 1.5: must be in (0, 1]"});
    cases.add(new Object[] {start("pcm_s16le", 16000).put("channels", 0), "start.channels = 0: must be in [1, 8]"});
    cases.add(new Object[] {start("pcm_s16le", 16000).put("sample_rate", "16000"), "start.sample_rate = \"16000\": must be an integer"});
    cases.add(new Object[] {start("pcm_s16le", 16000).put("sample_rate", 16000.5), "start.sample_rate = 16000.5: must be an integer"});
    cases.add(new Object[] {msg("start").put("encoding", "pcm_s16le"), "start.sample_rate: required"});
    cases.add(new Object[] {msg("start").put("sample_rate", 16000), "start.encoding: required"});
    cases.add(new Object[] {start("pcm_s16le", 16000).put("interim_results", "yes"), "start.interim_results = \"yes\": must be true or false"});
    cases.add(new Object[] {start("pcm_s16le", 16000).put("language", "en"), "start.language: unknown field"});
    ObjectNode ep = start("pcm_s16le", 16000);
    ep.putObject("endpointing").put("silence_after_speech", -1);
    cases.add(new Object[] {ep, "start.endpointing.silence_after_speech = -1: must be in (0, 86400] seconds"});
    ObjectNode ep2 = start("pcm_s16le", 16000);
    ep2.putObject("endpointing").put("rule9", 1);
    cases.add(new Object[] {ep2, "start.endpointing.rule9: unknown field"});
    for (Object[] c : cases) {
      WsClient ws = server.listen();
      ws.sendRaw(c[0].toString());
      JsonNode e = expectFatal(ws, "bad_config", 1008);
      assertTrue(e.get("message").asText().startsWith((String) c[1]), "for " + c[0] + ": " + e);
    }
  }

  @Test
  void mistakesAfterStartAreReportedAndTheStreamGoesOn() throws Exception {
    Transcript offline = TestServer.offline(speech, 1);
    WsClient c = server.listen();
    c.startAndAwaitReady(start("pcm_f32le", 16000));
    c.sendAudio(f32(Arrays.copyOf(speech, 20000)));
    c.sendRaw("{oops");
    expectNonFatal(c, "bad_json");
    c.sendRaw("{\"type\":\"pause\"}");
    expectNonFatal(c, "unknown_type");
    c.send(msg("configure").put("budget", 1));
    c.sendRaw("{\"type\":\"configure\",\"budget\":2}");
    assertTrue(expectNonFatal(c, "bad_config").get("message").asText().startsWith("configure.budget = 2: must be in (0, 1]"));
    c.sendRaw("{\"type\":\"keepalive\",\"extra\":true}");
    assertTrue(expectNonFatal(c, "bad_config").get("message").asText().startsWith("keepalive.extra: unknown field"));
    c.send(start("pcm_f32le", 16000));
    expectNonFatal(c, "bad_state");
    List<JsonNode> rest = c.streamAndClose(f32(Arrays.copyOfRange(speech, 20000, speech.length)), 32000);
    List<JsonNode> finals = new ArrayList<>();
    // Finals may have arrived while the errors were awaited; collect them all from the start.
    finals.addAll(ofType(rest, "final"));
    ListenProtocolTest.assertSameAsOffline(offline, finals);
  }

  @Test
  void oddByteCounts() throws Exception {
    WsClient c = server.listen();
    c.startAndAwaitReady(start("pcm_s16le", 16000));
    c.sendBinary(new byte[3201]);
    JsonNode e = expectFatal(c, "odd_byte_count", 1007);
    assertTrue(e.get("message").asText().contains("3201 bytes is not a whole number of 2-byte sample frames"), e.toString());

    WsClient st = server.listen();
    st.startAndAwaitReady(start("pcm_f32le", 16000).put("channels", 2));
    st.sendBinary(new byte[8 * 100]);
    st.sendBinary(new byte[8 * 100 + 4]); // one channel short
    JsonNode e2 = expectFatal(st, "odd_byte_count", 1007);
    assertTrue(e2.get("message").asText().contains("8-byte sample frames (pcm_f32le, 2 channel(s))"), e2.toString());
  }

  @Test
  void oversizedFrames() throws Exception {
    int limit = TestServer.config().limits().maxFrameBytes();
    WsClient c = server.listen();
    c.startAndAwaitReady(start("pcm_s16le", 16000));
    c.sendBinary(new byte[limit + 2]);
    JsonNode e = expectFatal(c, "frame_too_large", 1009);
    assertTrue(e.get("message").asText().contains((limit + 2) + " bytes is over limits.max_frame_bytes = " + limit), e.toString());

    WsClient t = server.listen();
    t.sendRaw("{\"type\":\"keepalive\",\"pad\":\"" + "x".repeat(limit) + "\"}");
    expectFatal(t, "frame_too_large", 1009);
  }

  /**
   * Messages far over the limit (more than twice it), and messages over it sent compressed
   * (permessage-deflate, the default of browsers and Node's ws), end in the same typed 1009: never a
   * dropped connection (1006) nor a message silently discarded while the stream goes on.
   */
  @Test
  void oversizedMessagesAlwaysEndIn1009() throws Exception {
    int limit = TestServer.config().limits().maxFrameBytes();
    for (boolean deflate : new boolean[] {false, true}) {
      for (int size : new int[] {limit + 2, 2 * limit + 2, 3 * limit, 600_000}) {
        WsClient c = deflate ? WsClient.connectCompressed(server.vertx, server.port, "/v1/listen") : server.listen();
        c.startAndAwaitReady(start("pcm_s16le", 16000));
        c.sendBinary(new byte[size]);
        JsonNode e = expectFatal(c, "frame_too_large", 1009);
        assertTrue(e.get("message").asText().contains("over limits.max_frame_bytes = " + limit), size + " " + e);
        WsClient t = deflate ? WsClient.connectCompressed(server.vertx, server.port, "/v1/listen") : server.listen();
        t.sendRaw("{\"type\":\"keepalive\",\"pad\":\"" + "x".repeat(size) + "\"}");
        expectFatal(t, "frame_too_large", 1009);
      }
    }
  }

  @Test
  void idleTimeoutEndsTheSessionAfterItsFinals() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config().withLimits(new LimitsConfig(64 * 1024, 0.3, 600, 1 << 20)))) {
      WsClient c = s.listen();
      c.startAndAwaitReady(start("pcm_f32le", 16000).put("interim_results", false));
      c.sendAudio(f32(speech));
      List<JsonNode> seen = c.until("error");
      JsonNode e = seen.get(seen.size() - 1);
      assertEquals("idle_timeout", e.get("code").asText());
      assertTrue(e.get("fatal").asBoolean());
      assertTrue(e.get("message").asText().contains("keepalive"), e.toString());
      seen.addAll(c.drainUntilClosed());
      assertEquals(1008, c.closeCode());
      assertEquals(TestServer.offline(speech, 1).segments().size(), ofType(seen, "final").size(),
          "the audio received was still decoded and its finals sent before the close");

      WsClient never = s.listen(); // connected, never started
      expectFatal(never, "idle_timeout", 1008);
    }
  }

  @Test
  void sessionTooLongEndsTheSessionAfterItsFinals() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config().withLimits(new LimitsConfig(64 * 1024, 20, 0.5, 1 << 20)))) {
      WsClient c = s.listen();
      c.startAndAwaitReady(start("pcm_f32le", 16000).put("interim_results", false));
      List<JsonNode> seen = new ArrayList<>();
      for (int i = 0; i < 20 && !c.isClosed(); i++) { // 100 ms of audio every 100 ms for up to 2 s
        c.sendBinary(f32(Arrays.copyOfRange(speech, i * 1600, (i + 1) * 1600)));
        Thread.sleep(100);
      }
      seen.addAll(c.until("error"));
      JsonNode e = seen.get(seen.size() - 1);
      assertEquals("session_too_long", e.get("code").asText(), e.toString());
      seen.addAll(c.drainUntilClosed());
      assertEquals(1008, c.closeCode());
      assertFalse(ofType(seen, "final").isEmpty(), "finals of the audio received came before the close");
    }
  }

  @Test
  void badClientsDoNotAffectAGoodStream() throws Exception {
    Transcript offline = TestServer.offline(speech, 0.5);
    WsClient good = server.listen();
    good.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 0.5));
    CompletableFuture<List<JsonNode>> goodRun = CompletableFuture.supplyAsync(() -> {
      try {
        byte[] audio = f32(speech);
        for (int off = 0; off < audio.length; off += 6400) {
          good.sendBinary(Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 6400)));
          Thread.sleep(5);
        }
        good.send(msg("close"));
        return good.drainUntilClosed();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    for (int i = 0; i < 4; i++) {
      WsClient bad = server.listen();
      bad.startAndAwaitReady(start("pcm_s16le", 16000));
      bad.sendBinary(new byte[1601]);
      WsClient nan = server.listen();
      nan.startAndAwaitReady(start("pcm_f32le", 16000));
      float[] poison = new float[16000];
      Arrays.fill(poison, Float.NaN);
      nan.sendBinary(f32(poison));
      nan.ws.close(); // and vanish
      WsClient junk = server.listen();
      junk.sendRaw("garbage");
      expectFatal(bad, "odd_byte_count", 1007);
      expectFatal(junk, "bad_json", 1008);
    }
    List<JsonNode> all = goodRun.get(60, TimeUnit.SECONDS);
    assertEquals(1000, good.closeCode());
    ListenProtocolTest.assertSameAsOffline(offline, ofType(all, "final"));
  }
}
