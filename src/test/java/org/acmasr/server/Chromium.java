package org.acmasr.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket, so no driver binary):
 * the microphone is Chromium's fake device playing a WAV file.
 */
final class Chromium implements AutoCloseable {
  private final Process process;
  private final Path profile;
  private final WebSocketClient client;
  private final WebSocket cdp;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private Chromium(Process process, Path profile, WebSocketClient client, WebSocket cdp) {
    this.process = process;
    this.profile = profile;
    this.client = client;
    this.cdp = cdp;
    cdp.textMessageHandler(t -> {
      try {
        JsonNode m = Schema.JSON.readTree(t);
        if (m.has("id")) {
          CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
          if (f != null) f.complete(m);
        }
      } catch (Exception e) {
        // events we do not follow
      }
    });
  }

  /** The Chromium executable on PATH, if any. */
  static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Starts Chromium on {@code url} with {@code wav} as the microphone. */
  static Chromium launch(Vertx vertx, Path executable, Path wav, String url) throws Exception {
    Path profile = Files.createTempDirectory("acm-chromium");
    List<String> cmd = List.of(executable.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--mute-audio",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--use-file-for-fake-audio-capture=" + wav.toAbsolutePath(), "--autoplay-policy=no-user-gesture-required",
        "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile, url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile())
        .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        String log = Files.exists(profile.resolve("chromium.log")) ? Files.readString(profile.resolve("chromium.log")) : "";
        p.destroyForcibly();
        throw new IllegalStateException("Chromium did not open its DevTools port:\n" + log);
      }
      Thread.sleep(50);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    String pageSocket = null;
    while (pageSocket == null) {
      JsonNode targets = Schema.JSON.readTree(new Http(vertx, port, false).get("/json/list").body());
      for (JsonNode t : targets) {
        if (t.path("type").asText().equals("page")) pageSocket = t.get("webSocketDebuggerUrl").asText();
      }
      if (pageSocket == null) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("no page target: " + targets);
        Thread.sleep(50);
      }
    }
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(64 << 20)
        .setMaxFrameSize(64 << 20));
    WebSocket ws = client.connect(new WebSocketConnectOptions().setAbsoluteURI(pageSocket)).toCompletionStage()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new Chromium(p, profile, client, ws);
  }

  /** Sends a DevTools command and returns its result (failing on a protocol error). */
  JsonNode send(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode m = Schema.JSON.createObjectNode().put("id", id).put("method", method);
    m.set("params", params == null ? Schema.JSON.createObjectNode() : params);
    cdp.writeTextMessage(m.toString());
    JsonNode r = f.get(30, TimeUnit.SECONDS);
    if (r.has("error")) throw new IllegalStateException(method + ": " + r.get("error"));
    return r.get("result");
  }

  /** Evaluates JavaScript in the page as if from a user gesture; returns its value (promises awaited). */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = send("Runtime.evaluate", Schema.JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true).put("userGesture", true));
    if (r.has("exceptionDetails")) throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
    return r.get("result").get("value");
  }

  /** Polls {@code expression} until it is true; fails with {@code describe}'s value after the timeout. */
  void waitFor(String expression, String describe, long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      JsonNode v = eval(expression);
      if (v != null && v.asBoolean()) return;
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + expression + "; page state: " + eval(describe));
  }

  /** Puts a file into an {@code <input type=file>}. */
  void setFile(String selector, Path file) throws Exception {
    int root = send("DOM.getDocument", null).get("root").get("nodeId").asInt();
    int node = send("DOM.querySelector", Schema.JSON.createObjectNode().put("nodeId", root).put("selector", selector))
        .get("nodeId").asInt();
    ObjectNode p = Schema.JSON.createObjectNode().put("nodeId", node);
    p.putArray("files").add(file.toAbsolutePath().toString());
    send("DOM.setFileInputFiles", p);
  }

  @Override
  public void close() throws Exception {
    try {
      cdp.close();
      client.close();
    } finally {
      // Chromium's helpers (zygote, network service) can outlive the browser process for a moment
      // and still write into the profile: stop them all first, then delete what is left.
      List<ProcessHandle> helpers = process.descendants().toList();
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle h : helpers) {
        h.destroyForcibly();
        h.onExit().get(10, TimeUnit.SECONDS);
      }
      deleteProfile();
    }
  }

  /** Deletes the temporary profile; a file that a dying helper removed meanwhile is no error. */
  private void deleteProfile() throws java.io.IOException {
    for (int attempt = 0; ; attempt++) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        return;
      } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
        if (attempt == 2) throw e;
      }
    }
  }
}
