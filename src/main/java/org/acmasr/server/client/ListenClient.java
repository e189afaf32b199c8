package org.acmasr.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.acmasr.server.ArrivalClock;

/**
 * A {@code /v1/listen} client: streams 16 kHz mono audio as {@code pcm_s16le} in fixed-size frames,
 * in real time or as fast as the server reads, and collects what comes back with the latencies it
 * sees. Used by the {@code listen} command and by {@code bench ws}. One instance holds one Vert.x
 * WebSocket client and may run many streams at once.
 */
public final class ListenClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The rate this client streams at (it declares it in {@code start}; the server resamples to its model's). */
  public static final int SAMPLE_RATE = 16_000;

  /**
   * @param url      {@code ws://} or {@code wss://} URL of {@code /v1/listen}
   * @param token    API key, or null
   * @param start    the {@code start} message's fields beyond encoding and rate (budget, interim_results, ...)
   * @param frameMs  audio per binary message
   * @param realTime pace frames at the audio's own speed; otherwise send as fast as the socket takes them
   */
  public record Settings(URI url, String token, ObjectNode start, int frameMs, boolean realTime) {}

  /**
   * What one stream saw.
   *
   * @param finals             the {@code final} messages
   * @param partials           how many {@code partial} messages arrived
   * @param errors             the {@code error} messages
   * @param partialLatencyNanos per partial: send time of the frame that completed its audio to its arrival
   * @param finalLatencyNanos  from sending {@code close} to the last final (or the close frame), or -1
   * @param closeCode          the server's close code, or -1 when the connection failed
   * @param failure            why the connection failed, or null
   */
  public record Outcome(List<JsonNode> finals, int partials, List<JsonNode> errors, long[] partialLatencyNanos,
      long finalLatencyNanos, int closeCode, String closeReason, Throwable failure) {

    /** The finals' texts joined by spaces, empty ones left out. */
    public String text() {
      return String.join(" ", finals.stream().map(f -> f.get("text").asText()).filter(t -> !t.isEmpty()).toList());
    }

    /** A clean run: connected, no error messages, closed with 1000. */
    public boolean ok() {
      return failure == null && errors.isEmpty() && closeCode == 1000;
    }
  }

  private final Vertx vertx;
  private final WebSocketClient client;

  public ListenClient(Vertx vertx, boolean trustAll) {
    this.vertx = vertx;
    // Vert.x queues connections beyond 50 per server by default; a load test needs them all at once.
    WebSocketClientOptions o = new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(4 << 20)
        .setMaxConnections(100_000);
    if (trustAll) o.setTrustAll(true).setVerifyHost(false);
    this.client = vertx.createWebSocketClient(o);
  }

  /**
   * Streams {@code samples} (16 kHz mono) and completes when the server closes the connection.
   *
   * @param onMessage sees every text message as it arrives (on the event loop), or null
   */
  public CompletableFuture<Outcome> stream(Settings s, float[] samples, Consumer<JsonNode> onMessage) {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    WebSocketConnectOptions o = new WebSocketConnectOptions().setAbsoluteURI(s.url().toString());
    if (s.token() != null) o.setHeaders(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + s.token()));
    client.connect(o).onComplete(ar -> {
      if (ar.failed()) {
        done.complete(new Outcome(List.of(), 0, List.of(), new long[0], -1, -1, null, ar.cause()));
      } else {
        new Run(ar.result(), s, samples, onMessage, done).begin();
      }
    });
    return done;
  }

  @Override
  public void close() {
    client.close();
  }

  /** One stream's state, confined to its connection's event loop. */
  private final class Run {
    private final WebSocket ws;
    private final Settings s;
    private final float[] samples;
    private final Consumer<JsonNode> onMessage;
    private final CompletableFuture<Outcome> done;
    private final int frame;
    private final ArrivalClock clock = new ArrivalClock();
    private final List<JsonNode> finals = new ArrayList<>();
    private final List<JsonNode> errors = new ArrayList<>();
    private final List<Long> partialLatency = new ArrayList<>();
    private int partials;
    private int sent;
    private long t0;
    private long closeSentAt;
    private long lastFinalAt;
    private long timer = -1;

    Run(WebSocket ws, Settings s, float[] samples, Consumer<JsonNode> onMessage, CompletableFuture<Outcome> done) {
      this.ws = ws;
      this.s = s;
      this.samples = samples;
      this.onMessage = onMessage;
      this.done = done;
      this.frame = SAMPLE_RATE * s.frameMs() / 1000;
    }

    void begin() {
      ws.textMessageHandler(this::onText);
      ws.closeHandler(v -> finish());
      ws.exceptionHandler(e -> { }); // the close handler reports the outcome
      ObjectNode start = JSON.createObjectNode().put("type", "start").put("encoding", "pcm_s16le").put("sample_rate", SAMPLE_RATE);
      if (s.start() != null) start.setAll(s.start());
      ws.writeTextMessage(start.toString());
    }

    private void onText(String text) {
      long now = System.nanoTime();
      JsonNode m;
      try {
        m = JSON.readTree(text);
      } catch (Exception e) {
        errors.add(JSON.createObjectNode().put("type", "error").put("code", "client").put("message", "unparsable: " + text));
        return;
      }
      if (onMessage != null) onMessage.accept(m);
      switch (m.path("type").asText()) {
        case "ready" -> {
          t0 = System.nanoTime();
          if (s.realTime()) {
            timer = vertx.setPeriodic(Math.max(1, s.frameMs() / 4), t -> pump());
          }
          pump();
        }
        case "partial" -> {
          partials++;
          long l = clock.latency(m.path("end").asDouble(), now);
          if (l >= 0 && closeSentAt == 0) partialLatency.add(l);
        }
        case "final" -> {
          finals.add(m);
          lastFinalAt = now;
        }
        case "error" -> errors.add(m);
        default -> errors.add(JSON.createObjectNode().put("type", "error").put("code", "client")
            .put("message", "unexpected message: " + text));
      }
    }

    /** Sends the frames that are due (real time) or that the socket takes now (fast). */
    private void pump() {
      while (sent < samples.length && closeSentAt == 0) {
        long now = System.nanoTime();
        if (s.realTime() && (long) (sent / (double) SAMPLE_RATE * 1e9) > now - t0) return;
        if (!s.realTime() && ws.writeQueueFull()) {
          ws.drainHandler(v -> pump());
          return;
        }
        int n = Math.min(frame, samples.length - sent);
        ws.writeBinaryMessage(Buffer.buffer(pcm16(samples, sent, n)));
        sent += n;
        clock.arrived(sent / (double) SAMPLE_RATE, now);
      }
      if (sent >= samples.length && closeSentAt == 0) {
        if (timer >= 0) vertx.cancelTimer(timer);
        closeSentAt = System.nanoTime();
        ws.writeTextMessage("{\"type\":\"close\"}");
      }
    }

    private void finish() {
      if (timer >= 0) vertx.cancelTimer(timer);
      long now = System.nanoTime();
      long finalLatency = closeSentAt == 0 ? -1 : (lastFinalAt > closeSentAt ? lastFinalAt : now) - closeSentAt;
      Short code = ws.closeStatusCode();
      done.complete(new Outcome(List.copyOf(finals), partials, List.copyOf(errors),
          partialLatency.stream().mapToLong(Long::longValue).toArray(), finalLatency, code == null ? -1 : code,
          ws.closeReason(), null));
    }
  }

  /** Little-endian signed 16-bit PCM of {@code n} samples from {@code off}, clipped to [-1, 1]. */
  public static byte[] pcm16(float[] x, int off, int n) {
    ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      float v = Math.max(-1f, Math.min(1f, x[off + i]));
      b.putShort((short) Math.round(v * 32767f));
    }
    return b.array();
  }
}
