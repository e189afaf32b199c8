package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * What the test WebSocket clients share: the connection, the queue of messages received and how the
 * server closed it, and the check of the fatal error that comes before such a close.
 */
abstract class TestWebSocket {
  static final long TIMEOUT_S = 30;

  final WebSocket ws;
  private final WebSocketClient client; // held: Vert.x closes clients that become unreachable
  final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();

  TestWebSocket(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(this::received);
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode() == null ? -1 : (int) ws.closeStatusCode()));
    ws.exceptionHandler(e -> { });
  }

  /**
   * Connects a client whose handlers are set before the upgrade, so a server that answers with an error
   * and closes at once is seen whole (handlers set after the connect completes could find it closed).
   *
   * @throws java.util.concurrent.ExecutionException when the upgrade is refused
   */
  static <T extends TestWebSocket> T open(WebSocketClient client, WebSocketConnectOptions options,
      BiFunction<WebSocketClient, WebSocket, T> make) throws Exception {
    ClientWebSocket ws = client.webSocket();
    T t = make.apply(client, ws);
    ws.connect(options).toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    return t;
  }

  /** A text message arrived, on the event loop: parse it into {@link #messages}. */
  abstract void received(String text);

  /** The close code, once the server has closed (waits for it). */
  int closeCode() throws Exception {
    return closed.get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  String closeReason() {
    return ws.closeReason();
  }

  boolean isClosed() {
    return closed.isDone();
  }

  /**
   * Asserts that {@code e} is the fatal error {@code code} and that the server then closed with
   * {@code closeCode} and the error code as the reason; returns {@code e}.
   */
  JsonNode assertFatal(JsonNode e, String code, int closeCode) throws Exception {
    assertEquals(code, e.get("code").asText(), e.toString());
    assertTrue(e.get("fatal").asBoolean(), e.toString());
    assertEquals(closeCode, closeCode(), "close code after " + e);
    assertEquals(code, closeReason());
    return e;
  }
}
