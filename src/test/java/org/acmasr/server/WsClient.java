package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.ClientSSLOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Vert.x WebSocket client for tests. Every text message received is checked against
 * listen.proto; {@link #next} and friends block with a timeout and fail the test on a mismatch.
 */
final class WsClient extends TestWebSocket {
  private volatile AssertionError schemaFailure;

  private WsClient(WebSocketClient client, WebSocket ws) {
    super(client, ws);
  }

  @Override
  void received(String t) {
    try {
      messages.add(Schema.server(t));
    } catch (AssertionError e) {
      schemaFailure = e;
    }
  }

  static WsClient connect(Vertx vertx, int port, String uri, MultiMap headers) throws Exception {
    return connect(vertx, port, uri, headers, false);
  }

  static WsClient connectTls(Vertx vertx, int port, String uri) throws Exception {
    return connect(vertx, port, uri, null, true);
  }

  /** @throws java.util.concurrent.ExecutionException when the upgrade is refused */
  static WsClient connect(Vertx vertx, int port, String uri, MultiMap headers, boolean tls) throws Exception {
    return connect(vertx, port, uri, headers, tls, false);
  }

  /** With permessage-deflate offered, as browsers and Node's ws do. */
  static WsClient connectCompressed(Vertx vertx, int port, String uri) throws Exception {
    return connect(vertx, port, uri, null, false, true);
  }

  private static WsClient connect(Vertx vertx, int port, String uri, MultiMap headers, boolean tls, boolean deflate)
      throws Exception {
    WebSocketClientOptions o = new WebSocketClientOptions().setMaxFrameSize(4 << 20).setMaxMessageSize(4 << 20)
        .setTryUsePerMessageCompression(deflate);
    WebSocketConnectOptions c = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (headers != null) c.setHeaders(headers);
    if (tls) c.setSsl(true).setSslOptions(new ClientSSLOptions().setTrustAll(true).setHostnameVerificationAlgorithm(""));
    WebSocketClient client = vertx.createWebSocketClient(o);
    return open(client, c, WsClient::new);
  }

  /** Sends a client message after checking it against the schema (the tests' own messages must conform too). */
  WsClient send(ObjectNode message) {
    Schema.client(message.toString());
    ws.writeTextMessage(message.toString());
    return this;
  }

  /** Sends any text, valid or not. */
  WsClient sendRaw(String text) {
    ws.writeTextMessage(text);
    return this;
  }

  WsClient sendBinary(byte[] bytes) {
    ws.writeBinaryMessage(Buffer.buffer(bytes));
    return this;
  }

  /** Sends audio in binary messages of at most 32000 bytes (the test server's limit is 64 KiB). */
  WsClient sendAudio(byte[] audio) {
    for (int off = 0; off < audio.length; off += 32000) {
      sendBinary(java.util.Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 32000)));
    }
    return this;
  }

  static ObjectNode msg(String type) {
    return Schema.JSON.createObjectNode().put("type", type);
  }

  static ObjectNode start(String encoding, int rate) {
    return msg("start").put("encoding", encoding).put("sample_rate", rate);
  }

  /** Sends start and returns the ready message. */
  JsonNode startAndAwaitReady(ObjectNode start) throws Exception {
    send(start);
    JsonNode r = next();
    assertEquals("ready", r.get("type").asText(), r.toString());
    return r;
  }

  /** The next message, failing after the timeout. */
  JsonNode next() throws Exception {
    JsonNode n = messages.poll(TIMEOUT_S, TimeUnit.SECONDS);
    if (schemaFailure != null) throw schemaFailure;
    assertNotNull(n, "no message within " + TIMEOUT_S + " s");
    return n;
  }

  /** Messages up to and including the first of {@code type}, which is returned last. */
  List<JsonNode> until(String type) throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    while (true) {
      JsonNode n = next();
      seen.add(n);
      if (n.get("type").asText().equals(type)) return seen;
    }
  }

  /** Every message until the server closes; returns them. */
  List<JsonNode> drainUntilClosed() throws Exception {
    int code = closeCode();
    List<JsonNode> rest = new ArrayList<>();
    messages.drainTo(rest);
    if (schemaFailure != null) throw schemaFailure;
    assertNotNull(code);
    return rest;
  }


  /** Sends audio in pieces of {@code piece} samples, then close; returns every message until the server closes. */
  List<JsonNode> streamAndClose(byte[] audio, int pieceBytes) throws Exception {
    for (int off = 0; off < audio.length; off += pieceBytes) {
      sendBinary(java.util.Arrays.copyOfRange(audio, off, Math.min(audio.length, off + pieceBytes)));
    }
    send(msg("close"));
    List<JsonNode> all = drainUntilClosed();
    if (closeCode() != 1000) fail("closed with " + closeCode() + " " + closeReason() + ": " + all);
    return all;
  }

  static byte[] f32(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x) b.putFloat(v);
    return b.array();
  }

  static byte[] s16(float[] x) {
    return org.acmasr.server.client.ListenClient.pcm16(x, 0, x.length);
  }

  /** The samples a pcm_s16le stream of {@code x} carries, as the server decodes them. */
  static float[] quantized(float[] x) {
    byte[] b = s16(x);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[x.length];
    for (int i = 0; i < out.length; i++) out[i] = bb.getShort() / 32768f;
    return out;
  }

  static List<JsonNode> ofType(List<JsonNode> all, String type) {
    return all.stream().filter(n -> n.get("type").asText().equals(type)).toList();
  }
}
