package org.acmasr.config;

import java.util.List;

/**
 * The HTTP/WebSocket listener. Validated; errors name the key and value.
 *
 * @param host                 address to bind
 * @param port                 TCP port; 0 picks a free one
 * @param tls                  PEM certificate and key, or null for plain HTTP
 * @param apiKeys              accepted API keys; empty means no authentication
 * @param shutdownGraceSeconds how long a graceful shutdown waits for in-flight streams to send their finals
 */
public record HttpConfig(String host, int port, TlsConfig tls, List<String> apiKeys, double shutdownGraceSeconds) {

  public HttpConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("server.host = \"" + host + "\": must be a host name or address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("server.port = " + port + ": must be in [0, 65535]");
    }
    apiKeys = List.copyOf(apiKeys);
    for (String k : apiKeys) {
      if (k.isBlank() || !k.chars().allMatch(c -> c > 32 && c < 127)) {
        throw new IllegalArgumentException("server.api_keys: a key must be non-empty printable ASCII without spaces");
      }
    }
    if (!(shutdownGraceSeconds >= 0 && shutdownGraceSeconds <= 3600)) {
      throw new IllegalArgumentException("server.shutdown_grace_seconds = " + shutdownGraceSeconds + ": must be in [0, 3600]");
    }
  }

  public static HttpConfig defaults() {
    return new HttpConfig("0.0.0.0", 8080, null, List.of(), 30);
  }

  public HttpConfig withPort(int p) {
    return new HttpConfig(host, p, tls, apiKeys, shutdownGraceSeconds);
  }

  public HttpConfig withHost(String h) {
    return new HttpConfig(h, port, tls, apiKeys, shutdownGraceSeconds);
  }

  public HttpConfig withApiKeys(List<String> keys) {
    return new HttpConfig(host, port, tls, keys, shutdownGraceSeconds);
  }

  public HttpConfig withTls(TlsConfig t) {
    return new HttpConfig(host, port, t, apiKeys, shutdownGraceSeconds);
  }
}
