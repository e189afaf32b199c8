package org.acmasr.server;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/** Recognises the transport's exceptions for a WebSocket frame or message over its size limit. */
final class OversizedMessage {
  private OversizedMessage() {}

  static boolean is(Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException c) {
      return c.closeStatus() != null && c.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
    }
    // Vert.x's frame aggregator: "Cannot process websocket frame of size …, max message size …"
    return e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("max message size");
  }
}
