package org.acmasr.server;

import org.acmasr.budget.Budget;
import org.acmasr.engine.Segment;
import org.acmasr.server.protocol.ClientMessage;
import org.acmasr.server.protocol.ErrorCode;
import org.acmasr.server.protocol.Messages;
import org.acmasr.server.protocol.ProtocolException;
import org.acmasr.server.protocol.SessionConfig;

/**
 * acm-asr's own protocol on {@code /v1/listen} (schema: {@code proto/acmasr/listen.proto}): {@code start}
 * (answered with {@code ready}), binary audio, {@code configure}, {@code finalize}, {@code keepalive} and
 * {@code close}; results as {@code partial} and {@code final}.
 */
final class ListenDialect implements Dialect {
  private final ListenSession session;
  private SessionConfig config;

  ListenDialect(ListenSession session) {
    this.session = session;
  }

  @Override
  public void onText(String text) throws ProtocolException {
    ClientMessage m = ClientMessage.parse(text);
    switch (m.type()) {
      case START -> onStart(m);
      case CONFIGURE -> {
        Budget budget = m.configureBudget();
        requireStreaming(m);
        session.setBudget(budget);
      }
      case FINALIZE -> {
        m.expectNoFields();
        requireStreaming(m);
        session.finalizeSegment();
      }
      case KEEPALIVE -> m.expectNoFields(); // the session already reset the idle timer
      case CLOSE -> {
        m.expectNoFields();
        session.clientDone();
      }
    }
  }

  private void onStart(ClientMessage m) throws ProtocolException {
    if (session.state() != ListenSession.State.AWAITING_START) {
      throw new ProtocolException(ErrorCode.BAD_STATE, "start was already received; ignored");
    }
    SessionConfig c = SessionConfig.fromStart(m, session.server().config().session());
    if (session.open(c)) {
      config = session.config(); // the budget in force: raised to the model's floor if below it
      session.send(Messages.ready(session.id(), config, session.limits(), session.minBudget()));
    }
  }

  private void requireStreaming(ClientMessage m) throws ProtocolException {
    if (session.state() == ListenSession.State.AWAITING_START) {
      throw new ProtocolException(ErrorCode.BAD_STATE, m.type().wire() + " before start");
    }
    if (session.state() != ListenSession.State.STREAMING) {
      throw new ProtocolException(ErrorCode.BAD_STATE, m.type().wire() + " after the stream began to end; ignored");
    }
  }

  @Override
  public SessionConfig audioBeforeStart() throws ProtocolException {
    throw new ProtocolException(ErrorCode.AUDIO_BEFORE_START,
        "binary audio before the start message; send {\"type\":\"start\", ...} first");
  }

  @Override
  public void onFinal(Segment f, boolean fromFinalize) {
    session.send(Messages.result(f, config.wordTimestamps(), fromFinalize));
  }

  @Override
  public boolean onPartial(Segment p) {
    // Partials are droppable: a client that does not read its socket gets only finals.
    if (!config.interimResults() || session.writeQueueFull()) return false;
    session.send(Messages.result(p, config.wordTimestamps(), false));
    return true;
  }

  @Override
  public boolean allErrorsFatal() {
    return false;
  }
}
