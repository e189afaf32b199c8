package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A bare-socket WebSocket client that can misbehave the way real networks do: stop in the middle of
 * a frame, or reset the connection without any close handshake.
 */
final class RawWebSocket {
  private final Socket socket;
  private final OutputStream out;
  private final Random random = new Random(1);

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  static RawWebSocket connect(int port, String path) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) break;
      head.write(b);
    }
    assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"), head.toString());
    return new RawWebSocket(s);
  }

  void text(String s) throws IOException {
    frame(0x1, s.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
  }

  void binary(byte[] payload) throws IOException {
    frame(0x2, payload, Integer.MAX_VALUE);
  }

  /** Writes a binary frame's header and only the first {@code sent} bytes of its payload. */
  void partialBinary(byte[] payload, int sent) throws IOException {
    frame(0x2, payload, sent);
  }

  /** Closes without a close frame; with {@code reset}, as a TCP reset. */
  void vanish(boolean reset) throws IOException {
    if (reset) socket.setSoLinger(true, 0);
    socket.close();
  }

  private void frame(int opcode, byte[] payload, int limit) throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x80 | opcode);
    int n = payload.length;
    if (n < 126) {
      f.write(0x80 | n);
    } else if (n < 65536) {
      f.write(0x80 | 126);
      f.write(n >>> 8);
      f.write(n & 0xff);
    } else {
      f.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) f.write((int) ((long) n >>> (8 * i)) & 0xff);
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    f.write(mask);
    int m = Math.min(n, limit);
    for (int i = 0; i < m; i++) f.write(payload[i] ^ mask[i & 3]);
    out.write(f.toByteArray());
    out.flush();
  }
}
