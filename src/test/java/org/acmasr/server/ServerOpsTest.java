package org.acmasr.server;

import static org.acmasr.server.WsClient.f32;
import static org.acmasr.server.WsClient.msg;
import static org.acmasr.server.WsClient.ofType;
import static org.acmasr.server.WsClient.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.acmasr.budget.Budget;
import org.acmasr.config.HttpConfig;
import org.acmasr.config.TlsConfig;
import org.acmasr.engine.Transcript;
import org.junit.jupiter.api.Test;

/** Health, readiness, metrics, API keys, TLS, the web page and graceful shutdown. */
class ServerOpsTest {
  private static final byte[] WAV = read("samples/cathy_arctic_a0001_16k.wav");

  private static byte[] read(String p) {
    try {
      return Files.readAllBytes(Path.of(p));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void healthyAtOnceReadyOnceTheModelIsLoaded() throws Exception {
    try (TestServer s = TestServer.startWithoutModel(TestServer.config())) {
      assertEquals(200, s.http().get("/healthz").status());
      Http.Response loading = s.http().get("/readyz");
      assertEquals(503, loading.status());
      assertEquals("loading", Schema.JSON.readTree(loading.body()).get("status").asText());
      ListenBadInputTest.expectFatal(s.listen(), "not_ready", 1013);
      Http.Response post = s.http().post("/v1/transcribe", "audio/wav", WAV);
      assertEquals(503, post.status());
      assertEquals("not_ready", Schema.http(post.body(), false).get("code").asText());
      s.attach(TestServer.recognizer());
      Http.Response ready = s.http().get("/readyz");
      assertEquals(200, ready.status());
      assertEquals("random-9", Schema.JSON.readTree(ready.body()).get("model").asText());
      assertTrue(s.server.isReady());
    }
  }

  @Test
  void metricsCoverStreamsAudioLatencyComputeRejectionsAndErrors() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config())) {
      float[] speech = TestServer.speech();
      WsClient c = s.listen();
      c.startAndAwaitReady(start("pcm_f32le", 16000).put("budget", 0.5));
      byte[] audio = f32(speech);
      for (int off = 0; off < audio.length; off += 6400) { // 100 ms every 10 ms: decoded while it streams
        c.sendBinary(Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 6400)));
        Thread.sleep(10);
      }
      c.streamAndClose(new byte[0], 1);
      ListenBadInputTest.expectFatal(s.listen().sendRaw("nope"), "bad_json", 1008);
      Http.Response r = s.http().get("/metrics");
      assertEquals(200, r.status());
      assertTrue(r.headers().get("Content-Type").startsWith("text/plain"));
      String m = r.body();
      for (String name : List.of("acm_active_streams 0.0", "acm_streams_started_total 1.0",
          "acm_audio_received_seconds_total{source=\"stream\"}", "acm_audio_decoded_seconds_total",
          "acm_inference_seconds_total", "acm_real_time_factor_count", "acm_batch_streams_bucket",
          "acm_compute_fraction_sum", "acm_compute_adaptive_macs_total", "acm_partial_latency_seconds_bucket{le=\"0.5\"}",
          "acm_final_latency_seconds_count", "acm_errors_total{code=\"bad_json\"} 1.0", "acm_backpressure_pauses_total",
          "jvm_memory_used_bytes", "process_cpu_usage")) {
        assertTrue(m.contains(name), name + " missing from\n" + m);
      }
      assertEquals(speech.length / 16000.0, value(m, "acm_audio_received_seconds_total{source=\"stream\"}"), 1e-6);
      assertTrue(value(m, "acm_partial_latency_seconds_count") > 5, "partials were timed");
      double search = value(m, "acm_search_seconds_total");
      assertTrue(search > 0 && search < value(m, "acm_inference_seconds_total"),
          "the search is a part of the inference time: " + search);
      // Budget-following gates at β = 0.5: every frame runs 2 of 4 learners plus the gate.
      assertEquals((2 * 1024 + 368) / 4096.0,
          value(m, "acm_compute_adaptive_macs_total") / value(m, "acm_compute_static_macs_total"), 1e-6);
    }
  }

  private static double value(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(series + " not found"));
  }

  @Test
  void apiKeysGuardTheApiButNotHealthOrThePage() throws Exception {
    var cfg = TestServer.config();
    try (TestServer s = TestServer.start(cfg.withHttp(cfg.http().withApiKeys(List.of("key-one-123", "key-two-456"))))) {
      ExecutionException noKey = assertThrows(ExecutionException.class, s::listen);
      assertEquals(401, ((UpgradeRejectedException) noKey.getCause()).getStatus());
      ExecutionException wrong = assertThrows(ExecutionException.class, () -> s.connect("/v1/listen?token=key-one-12"));
      assertEquals(401, ((UpgradeRejectedException) wrong.getCause()).getStatus());
      s.connect("/v1/listen?token=key-two-456").startAndAwaitReady(start("pcm_s16le", 16000));
      WsClient bearer = WsClient.connect(s.vertx, s.port, "/v1/listen",
          MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer key-one-123"));
      bearer.startAndAwaitReady(start("pcm_s16le", 16000));

      Http.Response denied = s.http().post("/v1/transcribe", "audio/wav", WAV);
      assertEquals(401, denied.status());
      assertEquals("Bearer", denied.headers().get("WWW-Authenticate"));
      assertEquals("unauthorized", Schema.http(denied.body(), false).get("code").asText());
      Http.Response wrongBearer = s.http().send(HttpMethod.POST, "/v1/transcribe", MultiMap.caseInsensitiveMultiMap()
          .add("Content-Type", "audio/wav").add("Authorization", "Bearer key-one-124"), WAV);
      assertEquals(401, wrongBearer.status());
      Http.Response ok = s.http().send(HttpMethod.POST, "/v1/transcribe", MultiMap.caseInsensitiveMultiMap()
          .add("Content-Type", "audio/wav").add("Authorization", "Bearer key-one-123"), WAV);
      assertEquals(200, ok.status(), ok.body());
      assertEquals(200, s.http().post("/v1/transcribe?token=key-two-456", "audio/wav", WAV).status());
      for (String open : List.of("/healthz", "/readyz", "/metrics", "/")) assertEquals(200, s.http().get(open).status(), open);
      assertTrue(s.http().get("/metrics").body().contains("acm_rejections_total{reason=\"unauthorized\"} 4.0"));
    }
  }

  @Test
  void tlsFromPemFiles() throws Exception {
    Path res = Path.of("src/test/resources/tls");
    var cfg = TestServer.config();
    HttpConfig https = cfg.http().withTls(new TlsConfig(res.resolve("localhost-cert.pem"), res.resolve("localhost-key.pem")));
    try (TestServer s = TestServer.start(cfg.withHttp(https))) {
      Http tls = new Http(s.vertx, s.port, true);
      assertEquals(200, tls.get("/healthz").status());
      assertEquals(200, tls.post("/v1/transcribe", "audio/wav", WAV).status());
      WsClient c = WsClient.connectTls(s.vertx, s.port, "/v1/listen");
      c.startAndAwaitReady(start("pcm_f32le", 16000));
      assertFalse(ofType(c.streamAndClose(f32(TestServer.speech()), 16000), "final").isEmpty());
      assertThrows(java.io.IOException.class, () -> s.http().get("/healthz"), "plain HTTP is not served on a TLS port");
      // `listen` on the self-signed certificate suggests --insecure
      java.io.StringWriter err = new java.io.StringWriter();
      int code = org.acmasr.cli.Main.run(new java.io.PrintWriter(new java.io.StringWriter(), true),
          new java.io.PrintWriter(err, true), "listen", "--fast", "--url", "wss://127.0.0.1:" + s.port + "/v1/listen",
          "samples/cathy_arctic_a0003_16k.wav");
      assertEquals(1, code, err.toString());
      assertTrue(err.toString().contains("add --insecure"), err.toString());
    }
  }

  /** A key that is not the certificate's: refused at start-up naming both files, not at every handshake. */
  @Test
  void tlsKeyThatDoesNotMatchTheCertificateIsRefusedAtStartUp(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path res = Path.of("src/test/resources/tls");
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    Path otherKey = dir.resolve("other-key.pem");
    Files.writeString(otherKey, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(g.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    var cfg = TestServer.config();
    Path cert = res.resolve("localhost-cert.pem");
    ExecutionException e = assertThrows(ExecutionException.class, () -> TestServer.start(cfg.withHttp(
        cfg.http().withTls(new TlsConfig(cert, otherKey)))));
    assertEquals("server.tls.key_file = " + otherKey + " and server.tls.cert_file = " + cert
        + ": the private key does not match the certificate's public key", e.getCause().getMessage());
    Path notPem = dir.resolve("junk.pem");
    Files.writeString(notPem, "junk");
    e = assertThrows(ExecutionException.class, () -> TestServer.start(cfg.withHttp(cfg.http().withTls(new TlsConfig(cert,
        notPem)))));
    assertTrue(e.getCause().getMessage().startsWith("server.tls.key_file = " + notPem + " and server.tls.cert_file = "
        + cert + ": cannot be loaded"), e.getCause().getMessage());
  }

  @Test
  void theWebPageIsServedAtTheRoot() throws Exception {
    try (TestServer s = TestServer.start(TestServer.config())) {
      Http.Response page = s.http().get("/");
      assertEquals(200, page.status());
      assertTrue(page.headers().get("Content-Type").startsWith("text/html"));
      assertTrue(page.body().contains("id=\"budget\"") && page.body().contains("app.js"), page.body());
      assertTrue(s.http().get("/app.js").body().contains("/v1/listen"));
      assertTrue(s.http().get("/pcm-worklet.js").body().contains("registerProcessor"));
      assertEquals(404, s.http().get("/nothing-here").status());
      Http.Response plain = s.http().get("/v1/listen");
      assertEquals(409, plain.status(), "a plain GET on the WebSocket endpoint");
      assertTrue(Schema.http(plain.body(), false).get("message").asText().contains("WebSocket endpoint"));
    }
  }

  @Test
  void gracefulShutdownSendsEveryOpenStreamItsFinalsThenRefusesNewWork() throws Exception {
    float[] speech = TestServer.speech();
    float[] half = Arrays.copyOf(speech, speech.length / 2);
    Transcript offline = TestServer.offline(half, 1);
    TestServer s = TestServer.start(TestServer.config());
    try {
      List<WsClient> open = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        WsClient c = s.listen();
        c.startAndAwaitReady(start("pcm_f32le", 16000).put("interim_results", false));
        c.sendAudio(f32(half)); // half a clip, and no close: the stream is in flight
        open.add(c);
      }
      WsClient notStarted = s.listen();
      assertTrue(TestServer.await(() -> s.server.metrics().streamAudioSeconds() >= 3 * half.length / 16000.0 - 1e-6),
          "the server holds every stream's audio");
      s.server.beginShutdown();
      Http.Response ready = s.http().get("/readyz");
      assertEquals(503, ready.status());
      assertEquals("draining", Schema.JSON.readTree(ready.body()).get("status").asText());
      assertEquals(200, s.http().get("/healthz").status(), "alive while draining");
      ListenBadInputTest.expectFatal(s.listen(), "shutting_down", 1013);
      ListenBadInputTest.expectFatal(notStarted, "shutting_down", 1013);
      Http.Response post = s.http().post("/v1/transcribe", "audio/wav", WAV);
      assertEquals(503, post.status());
      assertEquals("shutting_down", Schema.http(post.body(), false).get("code").asText());
      for (WsClient c : open) {
        List<JsonNode> rest = c.drainUntilClosed();
        assertEquals(1001, c.closeCode(), "going away, after the finals");
        ListenProtocolTest.assertSameAsOffline(offline, ofType(rest, "final"));
      }
      s.server.awaitShutdown(Duration.ofSeconds(5));
      assertThrows(java.net.ConnectException.class, () -> s.http().get("/healthz"), "the listener is closed");
    } finally {
      s.close();
    }
  }
}
