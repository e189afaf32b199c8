package org.acmasr.server;

import static org.acmasr.server.WsClient.f32;
import static org.acmasr.server.WsClient.msg;
import static org.acmasr.server.WsClient.ofType;
import static org.acmasr.server.WsClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.acmasr.engine.Transcript;
import org.acmasr.server.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Property tests against a live in-process server, with fixed seeds and case counts (bounded time in
 * CI): random and mutated WebSocket message sequences, and random HTTP bodies, headers and query
 * strings on {@code /v1/transcribe}. Every case must end in a typed error or a normal result — every
 * message valid against the schema, no internal error, no 5xx but {@code overloaded} — leak no stream
 * slot, and leave the finals of a good stream running beside them unchanged.
 */
class ServerFuzzTest extends SharedServer {
  static final int WS_CASES = 1000;
  static final int HTTP_CASES = 600;
  private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire)
      .collect(java.util.stream.Collectors.toSet());

  /**
   * Good streams decoded one after another beside the fuzz cases until {@code stop}; each one's finals
   * must equal offline transcription. @return how many ran
   */
  private static CompletableFuture<Integer> goodStreams(AtomicBoolean stop) throws Exception {
    Transcript offline = TestServer.offline(speech, 0.5);
    return CompletableFuture.supplyAsync(() -> {
      int runs = 0;
      try {
        do {
          WsClient good = server.listen();
          good.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 0.5));
          byte[] audio = f32(speech);
          for (int off = 0; off < audio.length; off += 6400) {
            good.sendBinary(Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 6400)));
            Thread.sleep(20);
          }
          good.send(msg("close"));
          List<JsonNode> all = good.drainUntilClosed();
          assertEquals(1000, good.closeCode());
          ListenProtocolTest.assertSameAsOffline(offline, ofType(all, "final"));
          runs++;
        } while (!stop.get());
        return runs;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static int stopGoodStreams(AtomicBoolean stop, CompletableFuture<Integer> good) throws Exception {
    stop.set(true);
    int runs = good.get(120, TimeUnit.SECONDS);
    assertTrue(runs >= 1);
    return runs;
  }

  @Test
  void randomWebSocketSessions() throws Exception {
    Random r = new Random(20261206);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> good = goodStreams(stop);
    int limit = TestServer.config().limits().maxFrameBytes();
    int messages = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < WS_CASES; i++) {
      WsClient c = server.listen();
      int n = 1 + r.nextInt(8);
      List<String> sent = new ArrayList<>();
      for (int k = 0; k < n && !c.isClosed(); k++) {
        sent.add(sendRandom(c, r, limit));
        messages++;
      }
      c.sendRaw("{\"type\":\"close\"}");
      List<JsonNode> got = c.drainUntilClosed();
      int code = c.closeCode();
      String what = "case " + i + " " + sent + " -> " + code + " " + got;
      assertTrue(Set.of(1000, 1007, 1008, 1009, 1013).contains(code), what);
      for (JsonNode m : got) {
        if (m.get("type").asText().equals("error")) {
          assertTrue(CODES.contains(m.get("code").asText()), what);
          assertNotEquals("internal", m.get("code").asText(), what);
          assertTrue(!m.get("message").asText().isBlank(), what);
        }
      }
    }
    int goodRuns = stopGoodStreams(stop, good);
    assertTrue(TestServer.await(() -> server.openStreams() == 0), server.openStreams() + " slot(s) leaked");
    System.out.printf("ServerFuzzTest: %d WebSocket sessions, %d messages in %.1f s; %d good streams unchanged%n",
        WS_CASES, messages, (System.nanoTime() - t0) / 1e9, goodRuns);
  }

  /** One random client message; returns a short description. */
  private static String sendRandom(WsClient c, Random r, int limit) {
    switch (r.nextInt(10)) {
      case 0, 1 -> {
        ObjectNode s = start(r.nextBoolean() ? "pcm_s16le" : "pcm_f32le", new int[] {8000, 16000, 44100, 48000}[r.nextInt(4)]);
        if (r.nextBoolean()) s.put("channels", 1 + r.nextInt(3));
        if (r.nextBoolean()) s.put("budget", r.nextDouble() * 1.2);
        String text = mutate(s.toString(), r);
        c.sendRaw(text);
        return "start " + text.length();
      }
      case 2 -> {
        c.sendRaw(mutate("{\"type\":\"configure\",\"budget\":" + (r.nextDouble() * 1.5 - 0.1) + "}", r));
        return "configure";
      }
      case 3 -> {
        String t = new String[] {"finalize", "keepalive", "close", "pause", ""}[r.nextInt(5)];
        c.sendRaw(mutate("{\"type\":\"" + t + "\"}", r));
        return t;
      }
      case 4 -> {
        byte[] junk = new byte[r.nextInt(200)];
        r.nextBytes(junk);
        c.sendRaw(new String(junk, StandardCharsets.ISO_8859_1));
        return "text junk";
      }
      case 5 -> {
        int size = r.nextInt(10) == 0 ? limit + 1 + r.nextInt(2000) : r.nextInt(3) == 0 ? r.nextInt(9) : r.nextInt(8000);
        byte[] b = new byte[size];
        r.nextBytes(b);
        c.sendBinary(b);
        return "binary " + size;
      }
      default -> {
        float[] x = Arrays.copyOfRange(speech, 0, 160 * (1 + r.nextInt(40)));
        if (r.nextInt(6) == 0) x[r.nextInt(x.length)] = r.nextBoolean() ? Float.NaN : 1e38f;
        byte[] b = r.nextBoolean() ? f32(x) : WsClient.s16(x);
        c.sendBinary(b);
        return "audio " + b.length;
      }
    }
  }

  /** Usually unchanged; else a deleted, duplicated or replaced span. */
  private static String mutate(String s, Random r) {
    if (r.nextInt(3) > 0 || s.isEmpty()) return s;
    int a = r.nextInt(s.length());
    int b = Math.min(s.length(), a + r.nextInt(8));
    return switch (r.nextInt(3)) {
      case 0 -> s.substring(0, a) + s.substring(b);
      case 1 -> s.substring(0, b) + s.substring(a);
      default -> s.substring(0, a) + "\"x\":[1,{" + s.substring(b);
    };
  }

  // Early refusals (unauthenticated, wrong method, bad head) answer before the body is read while the
  // client is still sending it; the server keeps reading so the client can finish and read the answer.
  @Test
  void randomTranscribeRequests() throws Exception {
    Random r = new Random(61220262);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> good = goodStreams(stop);
    byte[] wav = Files.readAllBytes(Path.of("samples/cathy_arctic_a0001_16k.wav"));
    byte[] mp3 = Files.readAllBytes(Path.of("samples/cathy_arctic_a0001.mp3"));
    String[] types = {"audio/wav", "audio/mpeg", "audio/flac", "audio/pcm", "application/octet-stream", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=z", "audio/wav; charset=x", "", null};
    String[] params = {"budget=0.5", "budget=0", "budget=1e-30", "budget=abc", "encoding=pcm_s16le", "encoding=pcm_f32le",
        "encoding=ulaw", "sample_rate=16000", "sample_rate=1000", "sample_rate=99999999", "channels=2", "channels=0",
        "token=x", "lang=en", "budget=1"};
    HttpMethod[] methods = {HttpMethod.POST, HttpMethod.POST, HttpMethod.POST, HttpMethod.GET, HttpMethod.PUT};
    int ok = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < HTTP_CASES; i++) {
      byte[] body = switch (r.nextInt(5)) {
        case 0 -> wav;
        case 1 -> mp3;
        case 2 -> {
          byte[] b = (r.nextBoolean() ? wav : mp3).clone();
          for (int k = r.nextInt(50); k >= 0; k--) b[r.nextInt(b.length)] = (byte) r.nextInt();
          yield r.nextBoolean() ? b : Arrays.copyOf(b, r.nextInt(b.length));
        }
        case 3 -> new byte[0];
        default -> {
          byte[] b = new byte[r.nextInt(20000)];
          r.nextBytes(b);
          yield b;
        }
      };
      StringBuilder q = new StringBuilder();
      for (int k = r.nextInt(4); k > 0; k--) q.append(q.length() == 0 ? "?" : "&").append(params[r.nextInt(params.length)]);
      MultiMap h = MultiMap.caseInsensitiveMultiMap();
      String type = types[r.nextInt(types.length)];
      if (type != null) h.add("Content-Type", type);
      if (r.nextInt(5) == 0) h.add("Authorization", "Bearer " + Long.toHexString(r.nextLong()));
      HttpMethod m = methods[r.nextInt(methods.length)];
      Http.Response resp;
      try {
        resp = server.http().send(m, "/v1/transcribe" + q, h, body);
      } catch (Exception e) {
        throw new AssertionError("case " + i + ": " + m + " " + q + " " + type + " " + h.get("Authorization") + " "
            + body.length + " bytes: no answer", e);
      }
      String what = "case " + i + ": " + m + " " + q + " " + type + " " + body.length + " bytes -> " + resp.status() + " "
          + resp.body();
      assertTrue(resp.headers().get("Content-Type").startsWith("application/json"), what);
      JsonNode j = Schema.http(resp.body(), resp.status() == 200);
      if (resp.status() == 200) {
        ok++;
      } else {
        assertTrue(resp.status() < 500 || j.get("code").asText().equals("overloaded"), what);
        assertTrue(CODES.contains(j.get("code").asText()), what);
        assertEquals(ErrorCode.valueOf(j.get("code").asText().toUpperCase(java.util.Locale.ROOT)).httpStatus(),
            resp.status(), what);
      }
    }
    assertTrue(ok > 10, "some requests transcribed: " + ok);
    int goodRuns = stopGoodStreams(stop, good);
    assertTrue(TestServer.await(() -> server.openStreams() == 0), server.openStreams() + " slot(s) leaked");
    System.out.printf("ServerFuzzTest: %d HTTP requests (%d transcribed) in %.1f s; %d good streams unchanged%n",
        HTTP_CASES, ok, (System.nanoTime() - t0) / 1e9, goodRuns);
  }
}
