package org.acmasr.server;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/** Real HTTP requests with the Vert.x client. */
final class Http {
  record Response(int status, MultiMap headers, String body) {}

  private final Vertx vertx;
  private final int port;
  private final boolean tls;

  Http(Vertx vertx, int port, boolean tls) {
    this.vertx = vertx;
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
    HttpClientOptions o = new HttpClientOptions();
    if (tls) o.setSsl(true).setTrustAll(true).setVerifyHost(false);
    var client = vertx.createHttpClient(o);
    RequestOptions r = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (headers != null) r.setHeaders(headers);
    try {
      return client.request(r)
          .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
          .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b.toString())))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }
}
