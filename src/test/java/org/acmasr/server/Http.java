package org.acmasr.server;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Real HTTP/1.1 requests with the JDK's client, a new connection each time.
 *
 * <p>Not the Vert.x client: when the server answers before the client has sent its whole body (an
 * early refusal), Vert.x 5's client can lose the response that arrives before its body handler is set
 * and never completes (eclipse-vertx/vert.x#5904, #5825); the server had answered and read the whole
 * body (checked with a raw socket), so that stall was the client's, not the product's.
 */
final class Http {
  record Response(int status, MultiMap headers, String body) {}

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final int port;
  private final boolean tls;

  Http(Vertx vertx, int port, boolean tls) {
    this.port = port;
    this.tls = tls;
  }

  Response get(String uri) throws Exception {
    return send(HttpMethod.GET, uri, null, null);
  }

  Response post(String uri, String contentType, byte[] body) throws Exception {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    if (contentType != null) h.add("Content-Type", contentType);
    return send(HttpMethod.POST, uri, h, body);
  }

  Response send(HttpMethod method, String uri, MultiMap headers, byte[] body) throws Exception {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10));
    if (tls) b.sslContext(trustAll());
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + uri))
        .timeout(Duration.ofSeconds(60))
        .method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers != null) {
      headers.forEach((k, v) -> {
        if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) r.header(k, v);
      });
    }
    HttpResponse<String> resp = b.build().send(r.build(), HttpResponse.BodyHandlers.ofString());
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    resp.headers().map().forEach(h::add);
    return new Response(resp.statusCode(), h, resp.body());
  }

  private static SSLContext trustAll() throws Exception {
    // An extended trust manager, so JSSE does not add its own host-name check around it.
    TrustManager all = new X509ExtendedTrustManager() {
      @Override public void checkClientTrusted(X509Certificate[] chain, String auth) { }
      @Override public void checkServerTrusted(X509Certificate[] chain, String auth) { }
      @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) { }
      @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) { }
      @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { }
      @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) { }
      @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {all}, null);
    return ctx;
  }
}
