package org.acmasr.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import org.acmasr.budget.Budget;
import org.acmasr.engine.Engine;
import org.acmasr.engine.OverloadedException;
import org.acmasr.engine.Transcript;
import org.acmasr.engine.TranscriptJson;
import org.acmasr.server.protocol.ErrorCode;
import org.acmasr.server.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/transcribe}: decodes the body on a worker thread, transcribes it as one more
 * scheduled stream (sharing batching and the admission limit with live streams) and answers with the
 * JSON of {@code transcribe --json}.
 */
final class TranscribeHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(TranscribeHandler.class);

  private final AsrServer server;

  TranscribeHandler(AsrServer server) {
    this.server = server;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Engine engine = server.engine();
    String contentType = ctx.request().getHeader("Content-Type");
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    var query = ctx.queryParams();
    Budget defaultBudget = Budget.fixed("decoder.budget", server.config().session().budget());
    int rate = engine.recognizer().sampleRate();
    Future<CompletableFuture<Transcript>> started = server.vertx().executeBlocking(() -> {
      AudioRequest req = AudioRequest.parse(contentType, query, body, defaultBudget, engine.config().maxAudioSeconds(),
          rate);
      server.metrics().batchRequest(req.samples().length / (double) rate);
      return engine.transcribe(req.samples(), req.budget());
    }, false);
    started.compose(Future::fromCompletionStage).onComplete(ar -> {
      if (ar.succeeded()) {
        ObjectNode json = TranscriptJson.toJson(ar.result(), engine.recognizer().frameSeconds());
        json.put("model", engine.recognizer().modelName());
        AsrServer.json(ctx, 200, json);
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  private void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof ProtocolException p) {
      server.error(ctx, p.code(), p.getMessage());
    } else if (e instanceof OverloadedException o) {
      ErrorCode code = server.isDraining() ? ErrorCode.SHUTTING_DOWN : ErrorCode.OVERLOADED;
      server.metrics().rejected(code);
      ctx.response().putHeader("Retry-After", "1");
      server.error(ctx, code, o.getMessage() + "; try again later");
    } else {
      LOG.error("transcription failed", e);
      server.error(ctx, ErrorCode.INTERNAL, "transcription failed: " + e.getMessage());
    }
  }
}
