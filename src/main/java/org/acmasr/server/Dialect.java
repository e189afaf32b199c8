package org.acmasr.server;

import org.acmasr.engine.Segment;
import org.acmasr.server.protocol.ProtocolException;
import org.acmasr.server.protocol.SessionConfig;

/**
 * The wire protocol a {@link ListenSession} speaks: acm-asr's own ({@link ListenDialect}, {@code /v1/listen})
 * or vosk-server's ({@link VoskDialect}). The session owns everything else (the engine stream, limits,
 * timers, backpressure, draining, metrics); a dialect only reads client text and writes results.
 * Every call comes on the connection's event loop.
 */
interface Dialect {
  /** A client text message, already checked against {@code limits.max_frame_bytes}. */
  void onText(String text) throws ProtocolException;

  /**
   * Binary audio arrived before the stream was opened.
   *
   * @return the settings to open the stream with
   * @throws ProtocolException when this protocol needs a start message first
   */
  SessionConfig audioBeforeStart() throws ProtocolException;

  /** One binary message of audio was queued for decoding. */
  default void afterAudio() {}

  /**
   * A final result.
   *
   * @param fromFinalize true for the final that answers a client's explicit finalize
   */
  void onFinal(Segment f, boolean fromFinalize);

  /** The current partial result (non-empty span); returns whether it was sent now. */
  boolean onPartial(Segment p);

  /** After each delivery of results (finals and partial already passed on). */
  default void afterResults() {}

  /** The stream was decoded to its end (every final delivered); the session closes right after. */
  default void onFinished() {}

  /** Whether every rejected message ends the session (else only those before the stream starts). */
  boolean allErrorsFatal();
}
