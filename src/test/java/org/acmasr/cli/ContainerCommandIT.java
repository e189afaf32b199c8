package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.server.client.ListenClient;
import org.junit.jupiter.api.Test;

/**
 * The container's command line, run directly on this machine (no container engine here): exactly
 * {@code deploy/Dockerfile}'s ENTRYPOINT + CMD and ENV, with the paths its COPY lines fill mapped to the
 * build's files, and only the two ports remapped to free ones (as {@code docker run -p} would). It must
 * turn ready on the model in the jar, say which ND4J backend it runs on, and serve a Vosk client on the
 * Vosk port.
 */
class ContainerCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Dockerfile's command line with the image's files mapped to this build's. */
  static List<String> hostCommand(Dockerfile d) {
    List<String> out = new ArrayList<>();
    for (String arg : d.commandLine()) {
      String source = d.copies().get(arg);
      if (arg.equals("java")) {
        out.add(ServeProcess.java());
      } else if (source == null) {
        out.add(arg);
      } else if (source.endsWith("target/acm-asr.jar")) {
        out.add(ServeProcess.jar()); // built in the image's build stage by the same `mvn package`
      } else {
        out.add(Path.of(source).toString()); // from the build context, the repository root
      }
    }
    return out;
  }

  @Test
  void dockerfileCommandAndEnvironmentServeAndTurnReady() throws Exception {
    Dockerfile d = Dockerfile.read();
    List<String> cmd = hostCommand(d);
    assertEquals(List.of(ServeProcess.java(), "-jar", ServeProcess.jar(), "serve", "--config",
        "deploy/acm-asr.example.json"), cmd);
    Map<String, String> env = new HashMap<>(d.env());
    assertEquals("2700", env.get("ACM_VOSK_PORT"));
    env.put("ACM_SERVER_PORT", "0"); // -p 8080:8080 and -p 2700:2700, remapped to free ports here
    env.put("ACM_VOSK_PORT", "0");
    try (ServeProcess p = new ServeProcess(cmd, env)) {
      int port = p.awaitReady(120);
      assertTrue(port > 0, "not ready:\n" + p.log());
      String log = p.log();
      assertTrue(log.contains("Picked up JAVA_TOOL_OPTIONS: " + d.env().get("JAVA_TOOL_OPTIONS")), log);
      assertTrue(log.contains("on ND4J backend CPU (CpuBackend), device: cpu"), log);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("\"model\":\"acm-en"), ready.body());

      String vosk = p.find(Pattern.compile("vosk protocol on ws://[^\\s/]+:(\\d+)/"));
      assertNotNull(vosk, log);
      List<JsonNode> replies = voskSession(http, Integer.parseInt(vosk));
      JsonNode last = replies.get(replies.size() - 1);
      assertFalse(last.get("text").asText().isBlank(), replies.toString());
      assertTrue(last.has("result"), last.toString());

      p.terminate();
      assertTrue(p.process.waitFor(60, TimeUnit.SECONDS), "exits on SIGTERM");
      assertEquals(143, p.process.exitValue());
    }
  }

  /** A Vosk client (the JDK's WebSocket): config, 0.5 s chunks each answered once, eof, the final, the close. */
  private static List<JsonNode> voskSession(HttpClient http, int port) throws Exception {
    LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/"),
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              in.add(text.toString());
              text.setLength(0);
            }
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed.complete(code);
            return null;
          }
        }).get(30, TimeUnit.SECONDS);
    float[] speech = AudioDecoder.loadMono(Path.of("samples/cathy_arctic_a0001_16k.wav"), null, 16000);
    byte[] pcm = ListenClient.pcm16(speech, 0, speech.length);
    ws.sendText("{\"config\": {\"sample_rate\": 16000}}", true).get(10, TimeUnit.SECONDS);
    List<JsonNode> replies = new ArrayList<>();
    for (int off = 0; off < pcm.length; off += 16000) {
      ws.sendBinary(ByteBuffer.wrap(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + 16000))), true)
          .get(10, TimeUnit.SECONDS);
      replies.add(JSON.readTree(in.poll(30, TimeUnit.SECONDS)));
    }
    ws.sendText("{\"eof\" : 1}", true).get(10, TimeUnit.SECONDS);
    replies.add(JSON.readTree(in.poll(60, TimeUnit.SECONDS)));
    assertEquals(1000, (int) closed.get(30, TimeUnit.SECONDS));
    return replies;
  }
}
