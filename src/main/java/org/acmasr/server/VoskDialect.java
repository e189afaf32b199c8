package org.acmasr.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.acmasr.budget.Budget;
import org.acmasr.engine.Segment;
import org.acmasr.server.protocol.ErrorCode;
import org.acmasr.server.protocol.ProtocolException;
import org.acmasr.server.protocol.SessionConfig;
import org.acmasr.server.protocol.VoskMessages;
import org.acmasr.server.protocol.VoskOptions;
import org.acmasr.server.protocol.VoskRequest;

/**
 * vosk-server's WebSocket protocol ({@code /v1/vosk}, and {@code /} on {@code vosk.port}): optional
 * {@code {"config": {...}}} messages, binary 16-bit little-endian mono PCM, then {@code {"eof": 1}}.
 *
 * <p>Like vosk-server, every binary message is answered with exactly one message, so the many clients
 * that send a chunk and then wait for one reply keep in step: the oldest final not yet sent
 * ({@code {"text": ...}}), else the latest partial ({@code {"partial": ...}}, empty before any speech).
 * As vosk-server decodes a chunk before it answers, the reply waits until the shared engine has decoded
 * every whole model chunk (640 ms with the default model) of the audio received so far; audio short of
 * a whole chunk waits for the next message (or for {@code eof}). At
 * {@code eof} the rest is decoded and everything not yet sent comes as one final, then the socket
 * closes with 1000, as vosk-server's {@code FinalResult} does. Every protocol error is fatal: the
 * {@code /v1/listen} error message ({@code {"type": "error", "code", "message", "fatal": true}}), then
 * the close.
 */
final class VoskDialect implements Dialect {
  private final ListenSession session;
  private final ArrayDeque<Segment> finals = new ArrayDeque<>();
  private VoskOptions options;
  private String partial = "";
  private int owed; // audio messages not answered yet

  VoskDialect(ListenSession session) {
    this.session = session;
    AsrServer server = session.server();
    this.options = VoskOptions.defaults(server.config().vosk().sampleRate(),
        Budget.fixed("decoder.budget", server.config().session().budget()));
  }

  @Override
  public void onText(String text) throws ProtocolException {
    VoskRequest r = VoskRequest.parse(text, options);
    if (!r.eof()) {
      if (session.state() != ListenSession.State.AWAITING_START) {
        throw new ProtocolException(ErrorCode.BAD_STATE, "config after the audio began: send it before the first "
            + "audio message");
      }
      options = r.config();
      return;
    }
    if (session.state() == ListenSession.State.AWAITING_START && !session.open(sessionConfig())) return;
    session.clientDone(); // decodes the rest; onFinished sends it
  }

  private SessionConfig sessionConfig() {
    return options.toSessionConfig(session.server().config().session());
  }

  @Override
  public SessionConfig audioBeforeStart() {
    return sessionConfig(); // the audio starts the stream with the config so far
  }

  @Override
  public void afterAudio() {
    owed++;
    answerIfCaughtUp();
  }

  @Override
  public void afterResults() {
    answerIfCaughtUp();
  }

  private void answerIfCaughtUp() {
    if (owed == 0 || !session.caughtUp()) return;
    while (owed > 0) answer();
  }

  private void answer() {
    owed--;
    Segment f = finals.poll();
    session.send(f != null ? VoskMessages.result(List.of(f), options) : VoskMessages.partial(partial));
  }

  @Override
  public void onFinal(Segment f, boolean fromFinalize) {
    finals.add(f);
    partial = "";
  }

  @Override
  public boolean onPartial(Segment p) {
    partial = p.text();
    return false; // sent as the reply to the next audio message
  }

  @Override
  public void onFinished() {
    while (owed > 0) answer();
    List<Segment> rest = new ArrayList<>(finals);
    finals.clear();
    session.send(VoskMessages.result(rest, options));
  }

  @Override
  public boolean allErrorsFatal() {
    return true;
  }
}
