package org.acmasr.server;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Optional API-key check. A request presents its key as {@code Authorization: Bearer KEY} or, for
 * browsers (which cannot set headers on a WebSocket), as {@code ?token=KEY}. Keys are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual} against every configured key, so neither the
 * time taken nor an early exit tells how much of a guess was right.
 */
final class ApiKeys {
  private final List<byte[]> digests = new ArrayList<>();

  ApiKeys(List<String> keys) {
    for (String k : keys) digests.add(sha256(k));
  }

  boolean enabled() {
    return !digests.isEmpty();
  }

  /** True when keys are off or the request carries a configured key. */
  boolean allows(HttpServerRequest req) {
    if (!enabled()) return true;
    String presented = presented(req);
    if (presented == null) return false;
    byte[] d = sha256(presented);
    boolean ok = false;
    for (byte[] k : digests) ok |= MessageDigest.isEqual(k, d);
    return ok;
  }

  /**
   * Who a request comes from, for per-client limits: its API key (as a digest prefix, never the key)
   * when the server has keys, else its remote address.
   */
  String client(HttpServerRequest req) {
    if (enabled()) {
      byte[] d = sha256(String.valueOf(presented(req)));
      return String.format("key:%02x%02x%02x%02x%02x%02x", d[0], d[1], d[2], d[3], d[4], d[5]);
    }
    return req.remoteAddress() == null ? "unknown" : "address:" + req.remoteAddress().hostAddress();
  }

  private static String presented(HttpServerRequest req) {
    String auth = req.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
    return req.getParam("token");
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
