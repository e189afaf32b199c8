package org.acmasr.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.acmasr.config.ServeConfig;
import org.acmasr.config.TlsConfig;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.TranscriptJson;
import org.acmasr.server.protocol.ErrorCode;
import org.acmasr.server.protocol.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live captioning service: {@code /v1/listen} and the Vosk-compatible {@code /v1/vosk} (WebSockets),
 * {@code POST /v1/transcribe}, {@code /healthz}, {@code /readyz}, {@code /metrics} and the web page at
 * {@code /}; with {@code vosk.port} set, a second listener that speaks only the Vosk protocol, at {@code /}.
 *
 * <p>A front door of an {@link Engine} that it receives, never builds: the command that runs the
 * process builds the engine and hands it to this server and, beside it, to the Kafka worker.
 *
 * <p>Lifecycle: {@link #start} binds the port (healthy, not ready, the engine still loading); the
 * engine given to the constructor arrives (ready); {@link #shutdown} drains: readiness goes to 503 and
 * new sessions are refused, every open stream is flushed and sends its finals, then the listeners
 * stop. The engine's owner closes it afterwards.
 */
public final class AsrServer {
  private static final Logger LOG = LoggerFactory.getLogger(AsrServer.class);

  private final Vertx vertx;
  private final ServeConfig config;
  private final ServerMetrics metrics = new ServerMetrics();
  private final ApiKeys keys;
  private final Set<ListenSession> sessions = ConcurrentHashMap.newKeySet();
  private final ClientLimits clients;
  private final java.util.Map<ListenSession, String> clientOf = new ConcurrentHashMap<>();
  private volatile Engine engine;
  private volatile boolean draining;
  private HttpServer http;
  private HttpServer voskHttp;
  private volatile int boundPort = -1;
  private volatile int voskPort = -1;

  /**
   * @param engine completes with the engine once its model is loaded (the server is ready from then on);
   *               it may complete after {@link #start}, so the port answers {@code /healthz} while the
   *               model loads
   */
  public AsrServer(Vertx vertx, ServeConfig config, CompletionStage<Engine> engine) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.keys = new ApiKeys(config.http().apiKeys());
    this.clients = new ClientLimits(config.limits().maxStreamsPerClient());
    engine.thenAccept(this::ready);
  }

  /** The engine arrived: the server is ready from now on. */
  private void ready(Engine e) {
    e.metrics().subscribe(metrics::onBatch);
    metrics.autoBudgetLevel(e::autoBudgetLevel);
    this.engine = e;
    LOG.info("ready: model {} on {}", e.recognizer().modelName(), Recognizer.computeBackend());
  }

  /** Binds the listener (and the Vosk listener when {@code vosk.port} is set). @return the main bound port */
  public Future<Integer> start() {
    TlsConfig tls = config.http().tls();
    if (tls != null) {
      try {
        TlsCheck.check(vertx, tls); // a key that does not match its certificate is refused here, naming both files
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(e);
      }
    }
    http = vertx.createHttpServer(listenerOptions(config.http().port())).requestHandler(router());
    Future<Integer> main = http.listen().map(h -> boundPort = h.actualPort());
    if (!config.vosk().portEnabled()) return main;
    return main.compose(p -> {
      voskHttp = vertx.createHttpServer(listenerOptions(config.vosk().port())).requestHandler(voskRouter());
      return voskHttp.listen().map(h -> {
        voskPort = h.actualPort();
        LOG.info("vosk protocol listener on port {}", voskPort);
        return p;
      });
    });
  }

  private HttpServerOptions listenerOptions(int port) {
    int frameLimit = Math.max(65_536, 2 * config.limits().maxFrameBytes());
    HttpServerOptions options = new HttpServerOptions().setHost(config.http().host()).setPort(port)
        // The transport drops messages far over the limit; those just over it get a clear error from the session.
        .setMaxWebSocketFrameSize(frameLimit).setMaxWebSocketMessageSize(frameLimit);
    TlsConfig tls = config.http().tls();
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile().toString())
          .setKeyPath(tls.keyFile().toString()));
    }
    return options;
  }

  public boolean isReady() {
    return engine != null && !draining;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  /** The bound port (after {@link #start}). */
  public int port() {
    return boundPort;
  }

  /** The bound Vosk port (after {@link #start}), or -1 when {@code vosk.port} is not set. */
  public int voskPort() {
    return voskPort;
  }

  /**
   * Graceful shutdown; blocks (call it from a plain thread, e.g. a JVM shutdown hook):
   * {@link #beginShutdown} then {@link #awaitShutdown}.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    beginShutdown();
    awaitShutdown(grace);
  }

  /**
   * Stops accepting and starts draining, without waiting: readiness turns 503, new sessions and
   * requests are refused ({@code shutting_down}), and every open stream stops taking audio, is decoded
   * to the end and sends its finals, then closes with 1001.
   */
  public void beginShutdown() {
    synchronized (this) {
      if (draining) return;
      draining = true;
    }
    LOG.info("shutting down: draining {} stream(s)", sessions.size());
    Engine e = engine;
    if (e != null) e.stopAccepting(); // the whole process is going: the engine takes no new streams from any door
    for (ListenSession s : sessions) s.drain();
  }

  /**
   * Waits up to {@code grace} for the drained streams to close and batch requests to finish, then
   * closes the listener (whatever is still open is closed). The engine stays up for its owner to close.
   */
  public void awaitShutdown(Duration grace) throws InterruptedException {
    beginShutdown();
    long deadline = System.nanoTime() + grace.toNanos();
    while (!sessions.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
    Engine e = engine;
    if (e != null) e.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    if (!sessions.isEmpty()) LOG.warn("{} stream(s) still open after the shutdown grace period; closing them", sessions.size());
    HttpServer h;
    HttpServer v;
    synchronized (this) {
      h = http;
      v = voskHttp;
      http = null;
      voskHttp = null;
    }
    closeListener(h);
    closeListener(v);
  }

  private static void closeListener(HttpServer h) throws InterruptedException {
    if (h == null) return;
    try {
      // Lets responses being written finish; WebSockets still open get a close frame.
      h.shutdown(1, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
      LOG.warn("closing the listener: {}", ex.toString());
    }
  }

  // ---- used by the handlers ----

  Vertx vertx() {
    return vertx;
  }

  ServeConfig config() {
    return config;
  }

  Engine engine() {
    return engine;
  }

  boolean isDraining() {
    return draining;
  }

  /** Why a new stream or request cannot be taken now, or null. */
  ErrorCode refusal() {
    if (draining) return ErrorCode.SHUTTING_DOWN;
    Engine e = engine;
    if (e == null) return ErrorCode.NOT_READY;
    if (e.openStreams() >= e.config().maxStreams()) return ErrorCode.OVERLOADED;
    return null;
  }

  static String refusalMessage(ErrorCode code) {
    return switch (code) {
      case SHUTTING_DOWN -> "the server is shutting down; reconnect to another instance";
      case NOT_READY -> "the model is still loading; try again shortly";
      case OVERLOADED -> "all stream slots are in use (engine.max_streams); try again later";
      case TOO_MANY_STREAMS -> "this client already has limits.max_streams_per_client streams open; close one first";
      default -> code.wire();
    };
  }

  /** Who a request comes from, for {@code limits.max_streams_per_client}. */
  String client(io.vertx.core.http.HttpServerRequest req) {
    return keys.client(req);
  }

  /**
   * Adds a session unless draining (checked under the same lock that starts draining) or its client
   * has {@code limits.max_streams_per_client} streams open.
   *
   * @return why it was refused, or null
   */
  synchronized ErrorCode register(ListenSession s, String client) {
    if (draining) return ErrorCode.SHUTTING_DOWN;
    if (!clients.acquire(client)) return ErrorCode.TOO_MANY_STREAMS;
    clientOf.put(s, client);
    sessions.add(s);
    return null;
  }

  void unregister(ListenSession s) {
    sessions.remove(s);
    String client = clientOf.remove(s);
    if (client != null) clients.release(client);
  }

  /** Sends {@code {"type": "error", "code", "message"}} with the code's HTTP status. */
  void error(RoutingContext ctx, ErrorCode code, String message) {
    metrics.error(code);
    io.vertx.core.http.HttpServerRequest req = ctx.request();
    json(ctx, code.httpStatus(), Messages.errorJson(code, message));
    if (!req.isEnded()) {
      // Answered before the body was read: keep reading it (discarded), so a client still sending is not
      // stalled before it reads the answer (closing instead can reset the connection under it).
      req.handler(b -> { });
      req.exceptionHandler(e -> { });
      req.resume();
    }
  }

  static void json(RoutingContext ctx, int status, ObjectNode body) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Messages.write(body));
  }

  // ---- routes ----

  private Router router() {
    Router r = Router.router(vertx);
    r.get("/healthz").handler(ctx -> json(ctx, 200, status("ok")));
    r.get("/readyz").handler(this::readiness);
    r.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    r.route("/v1/*").handler(this::authenticate);
    r.get("/v1/listen").handler(new ListenHandler(this, "/v1/listen", ListenDialect::new));
    r.get("/v1/vosk").handler(new ListenHandler(this, "/v1/vosk", VoskDialect::new));
    r.post("/v1/transcribe").handler(this::admit); // before the body is read
    r.post("/v1/transcribe").handler(BodyHandler.create(false).setBodyLimit(config.limits().maxBodyBytes()))
        .handler(new TranscribeHandler(this));
    // Other methods on the API, and unknown API paths, get typed JSON (not the static handler's HTML).
    r.route("/v1/transcribe").handler(ctx -> notAllowed(ctx, "POST"));
    r.route("/v1/listen").handler(ctx -> notAllowed(ctx, "GET"));
    r.route("/v1/*").handler(ctx -> error(ctx, ErrorCode.NOT_FOUND, "no API endpoint " + ctx.request().path()
        + "; the API is GET /v1/listen (WebSocket) and POST /v1/transcribe"));
    r.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    r.errorHandler(413, ctx -> error(ctx, ErrorCode.BODY_TOO_LARGE, "the request body is over limits.max_body_bytes = "
        + config.limits().maxBodyBytes()));
    r.errorHandler(400, ctx -> error(ctx, ErrorCode.BAD_CONFIG, "malformed request"));
    r.errorHandler(500, ctx -> {
      LOG.error("request {} failed", ctx.request().path(), ctx.failure());
      error(ctx, ErrorCode.INTERNAL, "internal error");
    });
    return r;
  }

  /** The second listener: the Vosk protocol at {@code /} (any path), with the same API keys. */
  private Router voskRouter() {
    Router r = Router.router(vertx);
    r.route().handler(this::authenticate);
    r.route().handler(new ListenHandler(this, "the Vosk port", VoskDialect::new));
    return r;
  }

  private void readiness(RoutingContext ctx) {
    if (draining) {
      json(ctx, 503, status("draining"));
    } else if (engine == null) {
      json(ctx, 503, status("loading"));
    } else {
      json(ctx, 200, status("ready").put("model", engine.recognizer().modelName())
          .put("min_budget", TranscriptJson.round(engine.recognizer().minBudget(), 4)));
    }
  }

  private static ObjectNode status(String s) {
    return TranscriptJson.mapper().createObjectNode().put("status", s);
  }

  private void authenticate(RoutingContext ctx) {
    if (keys.allows(ctx.request())) {
      ctx.next();
      return;
    }
    metrics.rejected(ErrorCode.UNAUTHORIZED);
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    error(ctx, ErrorCode.UNAUTHORIZED, "missing or unknown API key: send Authorization: Bearer KEY or ?token=KEY");
  }

  private void notAllowed(RoutingContext ctx, String allowed) {
    ctx.response().putHeader("Allow", allowed);
    error(ctx, ErrorCode.METHOD_NOT_ALLOWED, ctx.request().method() + " " + ctx.request().path()
        + " is not supported; use " + allowed);
  }

  /** Refuses a batch request before its body is read when it could not be taken anyway, or is refused by its head. */
  private void admit(RoutingContext ctx) {
    try {
      AudioRequest.checkHead(ctx.request().getHeader("Content-Type"), ctx.queryParams());
    } catch (org.acmasr.server.protocol.ProtocolException e) {
      // Answered before the body is read; the transport discards the body (closing the connection here
      // instead can reset it under the client before it reads the answer).
      error(ctx, e.code(), e.getMessage());
      return;
    }
    ErrorCode refusal = refusal();
    String client = client(ctx.request());
    if (refusal == null && !clients.acquire(client)) refusal = ErrorCode.TOO_MANY_STREAMS;
    if (refusal == null) {
      ctx.addEndHandler(v -> clients.release(client)); // answered, failed or the client went away
      ctx.next();
      return;
    }
    metrics.rejected(refusal);
    ctx.response().putHeader("Retry-After", "1");
    error(ctx, refusal, refusalMessage(refusal));
  }
}
