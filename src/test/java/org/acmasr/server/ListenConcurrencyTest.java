package org.acmasr.server;

import static org.acmasr.server.WsClient.f32;
import static org.acmasr.server.WsClient.msg;
import static org.acmasr.server.WsClient.ofType;
import static org.acmasr.server.WsClient.s16;
import static org.acmasr.server.WsClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.DecodedAudio;
import org.acmasr.engine.SchedulerConfig;
import org.acmasr.engine.Transcript;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.Test;

/** Many streams at once: correctness under batching, abrupt disconnects, admission control, backpressure. */
class ListenConcurrencyTest {

  /** One client's audio as sent, and the offline transcript of exactly those samples. */
  private record Job(ObjectNode start, byte[] audio, int piece, Transcript offline) {}

  private static Job job(String clip, String encoding, int channels, double budget, int piece) throws Exception {
    DecodedAudio a = AudioDecoder.decode(Files.readAllBytes(TestData.clip(clip)));
    float[] mono = a.downmix();
    float[] sent = encoding.equals("pcm_s16le") ? WsClient.quantized(mono) : mono;
    float[] interleaved = new float[sent.length * channels];
    for (int i = 0; i < sent.length; i++) for (int c = 0; c < channels; c++) interleaved[i * channels + c] = sent[i];
    byte[] bytes = encoding.equals("pcm_s16le") ? s16(interleaved) : f32(interleaved);
    // What `transcribe` does with the same samples: whole-buffer resampling to 16 kHz, then the stream path.
    float[] sixteen = AudioDecoder.toMono(new DecodedAudio(a.sampleRate(), 1, sent), 16000);
    Transcript offline = TestServer.offline(sixteen, budget);
    ObjectNode start = start(encoding, a.sampleRate()).put("channels", channels).put("budget", budget);
    return new Job(start, bytes, piece * channels * (encoding.equals("pcm_s16le") ? 2 : 4), offline);
  }

  private static CompletableFuture<List<JsonNode>> run(TestServer server, Job j) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        WsClient c = server.listen();
        c.startAndAwaitReady(j.start());
        return c.streamAndClose(j.audio(), j.piece());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void concurrentStreamsAtDifferentRatesAndEncodingsEqualOfflineTranscribe() throws Exception {
    List<Job> jobs = List.of(
        job(TestData.CLIP_48K, "pcm_f32le", 1, 1.0, 4800),
        job(TestData.CLIP_22K, "pcm_f32le", 1, 0.5, 2205),
        job(TestData.CLIP_8K, "pcm_s16le", 1, 0.75, 800),
        job(TestData.CLIP_48K, "pcm_s16le", 2, 0.25, 9600),
        job("ljspeech_LJ001-0002.mp3", "pcm_s16le", 1, 1.0, 1000),
        job(TestData.CLIP_8K, "pcm_f32le", 2, 1.0, 333));
    try (TestServer server = TestServer.start(new SchedulerConfig(2, 8, 10, 250, 16))) {
      List<CompletableFuture<List<JsonNode>>> runs = new ArrayList<>();
      for (Job j : jobs) runs.add(run(server, j));
      for (int i = 0; i < jobs.size(); i++) {
        List<JsonNode> all = runs.get(i).get(120, TimeUnit.SECONDS);
        ListenProtocolTest.assertSameAsOffline(jobs.get(i).offline(), ofType(all, "final"));
        assertTrue(!ofType(all, "partial").isEmpty(), "stream " + i + " had partials");
      }
      String metrics = server.http().get("/metrics").body();
      assertTrue(metrics.matches("(?s).*acm_batch_streams_count \\d+.*"), "batches recorded");
      assertEquals(0, server.server.metrics().activeStreams());
    }
  }

  @Test
  void abruptDisconnectsFreeTheirSlotsAndDoNotDisturbOthers() throws Exception {
    float[] speech = TestServer.speech();
    Transcript offline = TestServer.offline(speech, 1);
    try (TestServer server = TestServer.start(SchedulerConfig.defaults().withMaxStreams(4))) {
      WsClient good = server.listen();
      good.startAndAwaitReady(start("pcm_f32le", 16000));
      byte[] audio = f32(speech);
      good.sendAudio(java.util.Arrays.copyOf(audio, audio.length / 2));
      byte[] pcm = s16(java.util.Arrays.copyOf(speech, 8000));
      for (int round = 0; round < 3; round++) {
        RawWebSocket midFrame = RawWebSocket.connect(server.port, "/v1/listen");
        midFrame.text(start("pcm_s16le", 16000).toString());
        midFrame.binary(pcm);
        midFrame.partialBinary(pcm, 1000); // the connection drops inside a frame
        midFrame.vanish(false);
        RawWebSocket reset = RawWebSocket.connect(server.port, "/v1/listen");
        reset.text(start("pcm_s16le", 16000).toString());
        reset.binary(pcm);
        reset.vanish(true); // TCP reset, no close handshake
        WsClient noClose = server.listen(); // a close frame but no protocol close
        noClose.startAndAwaitReady(start("pcm_s16le", 16000));
        noClose.sendBinary(pcm);
        noClose.ws.close();
      }
      TestServer.await(() -> server.openStreams() <= 1 && server.server.metrics().activeStreams() <= 1);
      assertEquals(1, server.openStreams(), "only the good stream holds a slot");
      assertEquals(1, server.server.metrics().activeStreams());
      // Every freed slot can be used again: three more streams fit beside the good one.
      List<WsClient> more = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        WsClient c = server.listen();
        c.startAndAwaitReady(start("pcm_s16le", 16000));
        more.add(c);
      }
      List<JsonNode> rest = good.streamAndClose(java.util.Arrays.copyOfRange(audio, audio.length / 2, audio.length), 32000);
      ListenProtocolTest.assertSameAsOffline(offline, ofType(rest, "final"));
      for (WsClient c : more) {
        c.send(msg("close"));
        assertEquals(1000, c.closeCode());
      }
    }
  }

  @Test
  void beyondMaxStreamsNewClientsAreRefusedWith1013And503() throws Exception {
    try (TestServer server = TestServer.start(SchedulerConfig.defaults().withMaxStreams(2))) {
      WsClient a = server.listen();
      a.startAndAwaitReady(start("pcm_s16le", 16000));
      WsClient b = server.listen();
      b.startAndAwaitReady(start("pcm_s16le", 16000));
      WsClient c = server.listen();
      JsonNode e = ListenBadInputTest.expectFatal(c, "overloaded", 1013);
      assertTrue(e.get("message").asText().contains("engine.max_streams"), e.toString());
      Http.Response r = server.http().post("/v1/transcribe", "audio/wav", Files.readAllBytes(
          java.nio.file.Path.of("samples/cathy_arctic_a0001_16k.wav")));
      assertEquals(503, r.status(), r.body());
      assertEquals("1", r.headers().get("Retry-After"));
      assertEquals("overloaded", Schema.http(r.body(), false).get("code").asText());
      String metrics = server.http().get("/metrics").body();
      assertTrue(metrics.contains("acm_rejections_total{reason=\"overloaded\"} 2.0"), metrics);
      a.send(msg("close"));
      assertEquals(1000, a.closeCode());
      assertTrue(TestServer.await(() -> server.openStreams() == 1), "a's slot was freed");
      WsClient d = server.listen();
      d.startAndAwaitReady(start("pcm_s16le", 16000)); // a slot was freed
      b.send(msg("close"));
      d.send(msg("close"));
      assertEquals(1000, b.closeCode());
      assertEquals(1000, d.closeCode());
    }
  }

  @Test
  void backpressurePausesAFastSenderWithoutLosingAudio() throws Exception {
    float[] speech = TestServer.speech();
    Transcript offline = TestServer.offline(speech, 1);
    try (TestServer server = TestServer.start(SchedulerConfig.defaults().withMaxQueuedFrames(2))) {
      WsClient c = server.listen();
      c.startAndAwaitReady(start("pcm_f32le", 16000).put("interim_results", false));
      List<JsonNode> all = c.streamAndClose(f32(speech), 4 * 1600); // everything at once, 100 ms per message
      ListenProtocolTest.assertSameAsOffline(offline, ofType(all, "final"));
      assertTrue(server.server.metrics().backpressurePauses() > 3,
          "the socket was paused: " + server.server.metrics().backpressurePauses());
    }
  }
}
