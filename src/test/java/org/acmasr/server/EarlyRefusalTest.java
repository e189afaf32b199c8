package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request refused from its head (wrong method, bad query) is answered while the client is still
 * sending its body: the server must keep reading that body, so the client can finish sending, read the
 * typed answer, and use the same connection again. Over a raw socket, so no client library's handling
 * of early answers is in the way.
 */
class EarlyRefusalTest extends SharedServer {

  @Test
  void refusedRequestsAreAnsweredWhileTheBodyIsStillComingAndTheConnectionStaysUsable() throws Exception {
    Random r = new Random(19);
    String[] heads = {"PUT /v1/transcribe", "GET /v1/transcribe", "POST /v1/transcribe?encoding=ulaw",
        "POST /v1/transcribe?budget=abc"};
    String[] codes = {"method_not_allowed", "method_not_allowed", "bad_config", "bad_config"};
    for (int i = 0; i < 40; i++) {
      int kind = i % heads.length;
      byte[] body = new byte[20_000 + r.nextInt(150_000)];
      r.nextBytes(body);
      try (Socket s = new Socket("127.0.0.1", server.port)) {
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        String head = heads[kind] + " HTTP/1.1\r\nHost: test\r\nContent-Type: audio/pcm\r\nContent-Length: "
            + body.length + "\r\n\r\n";
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
          try {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            for (int off = 0; off < body.length; off += 8192) {
              out.write(body, off, Math.min(8192, body.length - off));
            }
            out.flush();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        InputStream in = s.getInputStream();
        String answer = readResponse(in);
        String what = "case " + i + " (" + heads[kind] + ", " + body.length + " bytes): " + answer;
        assertTrue(answer.startsWith("HTTP/1.1 4"), what);
        assertTrue(answer.contains("\"code\":\"" + codes[kind] + "\""), what);
        sent.get(20, TimeUnit.SECONDS); // the server read the whole body: the client was never stalled
        out.write("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String next = readResponse(in);
        assertTrue(next.startsWith("HTTP/1.1 200"), "the connection is usable after " + what + "; got " + next);
      }
    }
    assertEquals(0, server.openStreams());
  }

  /** One HTTP/1.1 response with a Content-Length body, head and body as text. */
  private static String readResponse(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int c = in.read();
      assertFalse(c < 0, "connection closed before a full answer: " + head);
      head.write(c);
    }
    String h = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
