package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client written from vosk-server's protocol, the way its own test clients ({@code websocket/test.py})
 * talk: an optional {@code {"config": ...}}, then each binary chunk is sent and exactly one reply read,
 * then {@code {"eof" : 1}} and its reply. Replies are plain JSON (no acm-asr schema).
 */
final class VoskClient extends TestWebSocket {
  private VoskClient(WebSocketClient client, WebSocket ws) {
    super(client, ws);
  }

  @Override
  void received(String t) {
    try {
      messages.add(Schema.JSON.readTree(t));
    } catch (Exception e) {
      messages.add(Schema.JSON.createObjectNode().put("unparseable", t));
    }
  }

  /** @throws java.util.concurrent.ExecutionException when the upgrade is refused */
  static VoskClient connect(Vertx vertx, int port, String uri) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 20));
    WebSocketConnectOptions c = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    return open(client, c, VoskClient::new);
  }

  VoskClient text(String json) {
    ws.writeTextMessage(json);
    return this;
  }

  VoskClient binary(byte[] b) {
    ws.writeBinaryMessage(Buffer.buffer(b));
    return this;
  }

  /** Sends one chunk and reads the one reply vosk-server sends for it. */
  JsonNode chunk(byte[] pcm) throws Exception {
    binary(pcm);
    return next();
  }

  /** Sends vosk-server's end of stream, byte for byte as its clients do, and reads the final. */
  JsonNode eof() throws Exception {
    text("{\"eof\" : 1}");
    return next();
  }

  /** Sends {@code pcm} in chunks of {@code chunkBytes} in lockstep, then eof; returns every reply in order. */
  List<JsonNode> stream(byte[] pcm, int chunkBytes) throws Exception {
    List<JsonNode> replies = new ArrayList<>();
    for (int off = 0; off < pcm.length; off += chunkBytes) {
      replies.add(chunk(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + chunkBytes))));
    }
    replies.add(eof());
    return replies;
  }

  JsonNode next() throws Exception {
    JsonNode n = messages.poll(TIMEOUT_S, TimeUnit.SECONDS);
    assertNotNull(n, "no reply within " + TIMEOUT_S + " s");
    return n;
  }

  /** Whatever arrived but was not read. */
  List<JsonNode> unread() {
    List<JsonNode> rest = new ArrayList<>();
    messages.drainTo(rest);
    return rest;
  }
}
