package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.server.client.ListenClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `java -jar acm-asr.jar serve` as deployed: ready, streams, then SIGTERM drains open streams with finals. */
class ServeJarIT {
  @TempDir
  Path dir;

  @Test
  void sigtermFlushesOpenStreamsWithFinalsThenExits() throws Exception {
    Path model = dir.resolve("random.acm");
    ModelFile.write(model, ModelFactory.budgetFollowingGates(ModelFactory.random(ModelFactory.defaultConfig(), 1)));
    ServeProcess p = new ServeProcess("--model", model.toString());
    Vertx vertx = Vertx.vertx();
    try {
      int port = p.awaitReady(60);
      assertTrue(port > 0, "serve did not become ready:\n" + p.log());

      WebSocketClient client = vertx.createWebSocketClient();
      WebSocket ws = client.connect(port, "127.0.0.1", "/v1/listen").toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
      CompletableFuture<Short> closed = new CompletableFuture<>();
      ObjectMapper json = new ObjectMapper();
      ws.textMessageHandler(t -> {
        try {
          messages.add(json.readTree(t));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
      ws.writeTextMessage("{\"type\":\"start\",\"encoding\":\"pcm_s16le\",\"sample_rate\":16000,\"interim_results\":false}");
      assertEquals("ready", messages.poll(30, TimeUnit.SECONDS).get("type").asText());
      float[] speech = AudioDecoder.loadMono(Path.of("samples/cathy_arctic_a0001_16k.wav"), null, 16000);
      byte[] pcm = ListenClient.pcm16(speech, 0, speech.length);
      for (int off = 0; off < pcm.length; off += 3200) {
        ws.writeBinaryMessage(Buffer.buffer(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + 3200))));
      }
      Thread.sleep(300); // the audio is in; the stream is still open

      p.terminate();
      assertEquals(1001, (int) closed.get(60, TimeUnit.SECONDS), "closed as going away");
      assertEquals("shutting down", ws.closeReason());
      List<JsonNode> got = new ArrayList<>();
      messages.drainTo(got);
      assertFalse(got.isEmpty(), "finals arrived before the close");
      assertTrue(got.stream().allMatch(m -> m.get("type").asText().equals("final")), got.toString());
      assertTrue(got.stream().anyMatch(m -> !m.get("text").asText().isEmpty()), got.toString());
      assertTrue(p.process.waitFor(60, TimeUnit.SECONDS), "serve exited after draining");
      assertEquals(143, p.process.exitValue(), "terminated by SIGTERM after the shutdown hook completed");
      p.close();
      assertTrue(p.log().contains("shutting down: draining 1 stream(s)"), p.log());
    } finally {
      p.close();
      vertx.close();
    }
  }
}
