package org.acmasr.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.acmasr.server.protocol.ErrorCode;
import org.acmasr.server.protocol.Messages;

/**
 * A streaming WebSocket endpoint ({@code /v1/listen}, {@code /v1/vosk}): upgrades (the API key was
 * checked before) and starts a {@link ListenSession} speaking the endpoint's {@link Dialect}. A server
 * that cannot take the stream (model loading, draining, every slot in use) still upgrades, sends
 * {@code error} and closes with 1013, so browsers see why.
 */
final class ListenHandler implements Handler<RoutingContext> {
  private final AsrServer server;
  private final String name;
  private final Function<ListenSession, Dialect> dialect;

  /** @param name the endpoint as error messages name it */
  ListenHandler(AsrServer server, String name, Function<ListenSession, Dialect> dialect) {
    this.server = server;
    this.name = name;
    this.dialect = dialect;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      server.error(ctx, ErrorCode.BAD_STATE, name + " is a WebSocket endpoint: send an Upgrade request");
      return;
    }
    String client = server.client(ctx.request());
    ctx.request().toWebSocket().onSuccess(ws -> {
      ErrorCode refusal = server.refusal();
      ListenSession session = refusal == null ? new ListenSession(server, ws, Vertx.currentContext(), dialect) : null;
      if (session != null) refusal = server.register(session, client);
      if (refusal != null) {
        server.metrics().rejected(refusal);
        server.metrics().error(refusal);
        ws.writeTextMessage(Messages.error(refusal, AsrServer.refusalMessage(refusal), true));
        ws.close(refusal.closeCode(), refusal.wire());
        return;
      }
      session.start();
    }).onFailure(e -> server.error(ctx, ErrorCode.BAD_STATE, "WebSocket upgrade failed: " + e.getMessage()));
  }
}
