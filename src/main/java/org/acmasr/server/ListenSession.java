package org.acmasr.server;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.acmasr.audio.AudioFormatException;
import org.acmasr.audio.Downmix;
import org.acmasr.audio.RawPcmDecoder;
import org.acmasr.audio.RawPcmFormat;
import org.acmasr.budget.Budget;
import org.acmasr.config.LimitsConfig;
import org.acmasr.engine.AudioTooLongError;
import org.acmasr.engine.Engine;
import org.acmasr.engine.OverloadedException;
import org.acmasr.engine.ScheduledStream;
import org.acmasr.engine.Segment;
import org.acmasr.engine.StreamListener;
import org.acmasr.engine.StreamSpec;
import org.acmasr.config.LimitsConfig;
import org.acmasr.server.protocol.ErrorCode;
import org.acmasr.server.protocol.Messages;
import org.acmasr.server.protocol.ProtocolException;
import org.acmasr.server.protocol.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming WebSocket client: binary audio in, results out, in the wire protocol of its
 * {@link Dialect} ({@code /v1/listen}'s {@code start}/{@code ready}/{@code partial}/{@code final}, or
 * vosk-server's). The session holds what every protocol shares: the engine stream, the limits,
 * backpressure, timers, draining and metrics. Everything but the
 * {@link StreamListener} callbacks runs on the connection's event loop; the callbacks come from
 * inference threads and hop onto it before touching the socket or the session's state. Only audio
 * conversion (PCM to float, down-mix) and the feature front end run on the event loop; the model runs
 * on the scheduler's inference threads.
 */
final class ListenSession implements StreamListener {
  private static final Logger LOG = LoggerFactory.getLogger(ListenSession.class);

  enum State { AWAITING_START, STREAMING, ENDING, CLOSED }

  private final AsrServer server;
  private final ServerWebSocket ws;
  private final Context context;
  private final LimitsConfig limits;
  private final ServerMetrics metrics;
  private final String id = UUID.randomUUID().toString();
  private final ArrivalClock clock = new ArrivalClock();
  private final ArrayDeque<Long> finalizeRequests = new ArrayDeque<>();
  private final Dialect dialect;

  // Event-loop state.
  private State state = State.AWAITING_START;
  private SessionConfig config;
  private volatile ScheduledStream stream; // read by inference threads in onResult
  private RawPcmDecoder pcm;
  private long samplesIn;
  private long lastActivity;
  private long lastAudio; // connection open, then every audio message
  private long startedAt;
  private long endRequestedAt;
  private short endCode;
  private String endReason;
  private boolean readPaused;
  private boolean toldEnding;
  private long timerId = -1;
  private boolean counted;

  // Inference-thread state (callbacks for one stream never overlap).
  private int finalizedSeen;

  ListenSession(AsrServer server, ServerWebSocket ws, Context context, Function<ListenSession, Dialect> dialect) {
    this.server = server;
    this.ws = ws;
    this.context = context;
    this.limits = server.config().limits();
    this.metrics = server.metrics();
    this.dialect = dialect.apply(this);
  }

  String id() {
    return id;
  }

  State state() {
    return state;
  }

  /** Why the stream began to end ({@code done}, {@code shutting down}, an error code), or null. */
  String endReason() {
    return endReason;
  }

  AsrServer server() {
    return server;
  }

  /** Installs the handlers and the idle/session-length timer. */
  void start() {
    lastActivity = System.nanoTime();
    lastAudio = lastActivity;
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.closeHandler(v -> cleanUp());
    ws.exceptionHandler(this::onTransportError);
    long idleMs = (long) (limits.idleTimeoutSeconds() * 1000);
    long every = Math.max(20, Math.min(1000, Math.min(Math.min(idleMs, (long) (limits.noAudioTimeoutSeconds() * 1000)),
        (long) (limits.maxSessionSeconds() * 1000)) / 4));
    timerId = server.vertx().setPeriodic(every, t -> checkTimers());
  }

  /** Server shutdown: a started stream is flushed (its finals sent) and closed with 1001. Any thread. */
  void drain() {
    context.runOnContext(v -> {
      if (state == State.AWAITING_START) {
        fail(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
      } else if (state == State.STREAMING) {
        end((short) 1001, "shutting down");
      }
    });
  }

  /**
   * The transport refuses messages over twice {@code limits.max_frame_bytes} (it does not buffer them
   * whole): whether sent plain, in fragments or compressed (permessage-deflate), such a message ends the
   * session with the same typed {@code frame_too_large} as one just over the limit, never a silently
   * dropped message or connection.
   */
  private void onTransportError(Throwable e) {
    LOG.debug("session {}: transport error {}", id, e.toString());
    if (OversizedMessage.is(e)) {
      fail(ErrorCode.FRAME_TOO_LARGE, "a message of more than " + 2L * limits.maxFrameBytes()
          + " bytes is over limits.max_frame_bytes = " + limits.maxFrameBytes());
    }
  }

  // ---- client messages (event loop) ----

  private void onText(String text) {
    if (state == State.CLOSED) return;
    touch();
    if (text.length() > limits.maxFrameBytes() / 3) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > limits.maxFrameBytes()) {
        fail(ErrorCode.FRAME_TOO_LARGE, "text message of " + bytes + " bytes is over limits.max_frame_bytes = "
            + limits.maxFrameBytes());
        return;
      }
    }
    try {
      dialect.onText(text);
    } catch (ProtocolException e) {
      reject(e.code(), e.getMessage());
    }
  }

  // ---- operations for the dialects (event loop) ----

  /**
   * Opens the engine stream with {@code c}. A server that cannot take it (model loading, every slot in
   * use, draining) fails the session.
   *
   * @return whether the stream is open
   * @throws ProtocolException {@link ErrorCode#BAD_CONFIG} for an unsupported audio format
   */
  boolean open(SessionConfig c) throws ProtocolException {
    RawPcmFormat format;
    try {
      format = RawPcmFormat.of(c.encoding(), c.sampleRate(), c.channels());
    } catch (AudioFormatException e) {
      throw new ProtocolException(ErrorCode.BAD_CONFIG, "start: " + e.getMessage());
    }
    Engine engine = server.engine();
    if (engine == null) {
      fail(ErrorCode.NOT_READY, "the model is still loading; try again shortly");
      return false;
    }
    try {
      stream = engine.open(new StreamSpec(c.budget(), c.endpointing(), c.sampleRate()), this);
    } catch (OverloadedException e) {
      ErrorCode code = server.isDraining() ? ErrorCode.SHUTTING_DOWN : ErrorCode.OVERLOADED;
      metrics.rejected(code);
      fail(code, e.getMessage() + "; try again later");
      return false;
    }
    c = c.withBudget(effective(c.budget()));
    config = c;
    pcm = new RawPcmDecoder(format);
    state = State.STREAMING;
    startedAt = System.nanoTime();
    counted = true;
    metrics.streamStarted();
    return true;
  }

  /** Changes the compute budget of the open stream. */
  void setBudget(Budget budget) {
    stream.setBudget(budget);
    config = config.withBudget(effective(budget));
  }

  /**
   * The budget as it will be spent: a fixed β below the model's floor is raised to it (the floor is what
   * such a request spends), and an auto stream's floor is at least the engine's and the model's.
   */
  private Budget effective(Budget b) {
    Engine engine = server.engine();
    double min = engine.recognizer().minBudget();
    if (b instanceof Budget.Auto a) {
      return new Budget.Auto(Math.max(a.floor(), Math.max(min, engine.autoBudgetFloor())));
    }
    Budget.Fixed f = (Budget.Fixed) b;
    return f.value() < min ? Budget.fixed(min) : f;
  }

  /** Ends the current segment now (its final follows). */
  void finalizeSegment() {
    finalizeRequests.add(System.nanoTime());
    stream.finalizeSegment();
  }

  /** The client is done: an open stream is flushed (its finals sent) and closed with 1000. */
  void clientDone() {
    if (state == State.AWAITING_START) {
      close((short) 1000, "closed before start");
    } else if (state == State.STREAMING) {
      end((short) 1000, "done");
    }
  }

  LimitsConfig limits() {
    return limits;
  }

  /** The session's settings as in force (the budget raised to the model's floor); null before start. */
  SessionConfig config() {
    return config;
  }

  /** The lowest budget the model reaches (see {@code Recognizer#minBudget}); 0 when no model is loaded. */
  double minBudget() {
    Engine engine = server.engine();
    return engine == null ? 0 : engine.recognizer().minBudget();
  }

  /** Whether the engine has decoded every whole chunk of the audio received (see {@link ScheduledStream#isCaughtUp}). */
  boolean caughtUp() {
    ScheduledStream s = stream;
    return s == null || s.isCaughtUp();
  }

  boolean writeQueueFull() {
    return ws.writeQueueFull();
  }

  private void onBinary(Buffer buf) {
    if (state == State.CLOSED) return;
    touch();
    int len = buf.length();
    if (len > limits.maxFrameBytes()) {
      fail(ErrorCode.FRAME_TOO_LARGE, "binary message of " + len + " bytes is over limits.max_frame_bytes = "
          + limits.maxFrameBytes());
      return;
    }
    if (state == State.AWAITING_START) {
      try {
        if (!open(dialect.audioBeforeStart())) return;
      } catch (ProtocolException e) {
        fail(e.code(), e.getMessage());
        return;
      }
    }
    if (state == State.ENDING) {
      if (!toldEnding) {
        toldEnding = true;
        sendError(ErrorCode.BAD_STATE, "audio after the stream began to end (" + endReason + "); ignored", false);
      }
      return;
    }
    int frame = config.bytesPerFrame();
    if (len % frame != 0) {
      fail(ErrorCode.ODD_BYTE_COUNT, String.format(Locale.ROOT,
          "binary message of %d bytes is not a whole number of %d-byte sample frames (%s, %d channel(s))", len, frame,
          config.encoding().wireName(), config.channels()));
      return;
    }
    if (len == 0) {
      dialect.afterAudio();
      return;
    }
    lastAudio = System.nanoTime();
    try {
      float[] interleaved;
      try {
        interleaved = pcm.accept(buf.getBytes(), 0, len);
      } catch (AudioFormatException e) {
        endWithError(ErrorCode.BAD_AUDIO, e.getMessage());
        return;
      }
      float[] mono = config.channels() == 1 ? interleaved : Downmix.toMono(interleaved, config.channels());
      samplesIn += mono.length;
      clock.arrived(samplesIn / (double) config.sampleRate(), System.nanoTime());
      metrics.streamAudio(mono.length / (double) config.sampleRate());
      boolean more;
      try {
        more = stream.accept(mono);
      } catch (AudioTooLongError e) {
        endWithError(ErrorCode.AUDIO_TOO_LONG, e.getMessage() + "; the audio before this message is decoded");
        return;
      }
      if (!more && !readPaused) {
        readPaused = true; // backpressure: stop reading this socket until the queue drains
        metrics.paused();
        ws.pause();
      }
      dialect.afterAudio();
    } catch (RuntimeException e) {
      LOG.error("session {}: audio rejected by the engine", id, e);
      fail(ErrorCode.INTERNAL, "could not queue audio: " + e.getMessage());
    }
  }

  /** A rejected message: fatal before the stream started or for always-fatal codes, else reported only. */
  private void reject(ErrorCode code, String message) {
    if (code.alwaysFatal() || state == State.AWAITING_START || dialect.allErrorsFatal()) {
      fail(code, message);
    } else {
      sendError(code, message, false);
    }
  }

  // ---- results (inference threads, then the event loop) ----

  @Override
  public void onResult(List<Segment> finals, Segment partial) {
    int n = stream.finalizedSegments();
    boolean finalizeDone = n > finalizedSeen;
    finalizedSeen = n;
    context.runOnContext(v -> deliver(finals, partial, finalizeDone));
  }

  @Override
  public void onDone(RuntimeException failure) {
    context.runOnContext(v -> {
      if (state == State.CLOSED) return;
      if (failure != null) {
        LOG.error("session {}: decoding failed", id, failure);
        fail(ErrorCode.INTERNAL, "decoding failed: " + failure.getMessage());
      } else {
        dialect.onFinished();
        close(endCode == 0 ? 1000 : endCode, endReason == null ? "done" : endReason);
      }
    });
  }

  @Override
  public void onDrained() {
    context.runOnContext(v -> {
      if (readPaused && state != State.CLOSED && !ws.isClosed()) {
        readPaused = false;
        touch();
        ws.resume();
      }
    });
  }

  private void deliver(List<Segment> finals, Segment partial, boolean finalizeDone) {
    if (state == State.CLOSED || ws.isClosed()) return; // the client went away; its close handler cleans up
    long now = System.nanoTime();
    for (int i = 0; i < finals.size(); i++) {
      Segment f = finals.get(i);
      boolean fromFinalize = finalizeDone && i == finals.size() - 1;
      dialect.onFinal(f, fromFinalize);
      metrics.segmentBudget(f.budget(), config.budget() instanceof Budget.Auto);
      Long asked = fromFinalize ? finalizeRequests.poll() : null;
      if (asked != null) {
        metrics.finalLatency(now - asked);
      } else if (endRequestedAt != 0) {
        metrics.finalLatency(now - endRequestedAt);
      } else {
        long l = clock.latency(f.end(), now);
        if (l >= 0) metrics.finalLatency(l);
      }
    }
    // Partials are droppable: a client that does not read its socket gets only finals.
    if (partial.end() > partial.start() && dialect.onPartial(partial)) {
      if (endRequestedAt == 0) {
        long l = clock.latency(partial.end(), now);
        if (l >= 0) metrics.partialLatency(l);
      }
    }
    dialect.afterResults();
  }

  // ---- ending (event loop) ----

  /** Stops taking audio and flushes: the remaining finals are sent, then the socket closes with {@code code}. */
  private void end(short code, String reason) {
    if (state != State.STREAMING) return;
    state = State.ENDING;
    endRequestedAt = System.nanoTime();
    endCode = code;
    endReason = reason;
    if (readPaused && !ws.isClosed()) { // keep reading so the client's close frame is seen; audio is refused from now on
      readPaused = false;
      ws.resume();
    }
    stream.finish();
  }

  private void checkTimers() {
    if (state != State.AWAITING_START && state != State.STREAMING) return;
    long now = System.nanoTime();
    if (!readPaused && now - lastActivity > seconds(limits.idleTimeoutSeconds())) {
      String msg = String.format(Locale.ROOT, "nothing received for %.1f s (limits.idle_timeout_seconds); send "
          + "audio or {\"type\":\"keepalive\"}", limits.idleTimeoutSeconds());
      endWithError(ErrorCode.IDLE_TIMEOUT, msg);
    } else if (!readPaused && now - lastAudio > seconds(limits.noAudioTimeoutSeconds())) {
      endWithError(ErrorCode.NO_AUDIO_TIMEOUT, String.format(Locale.ROOT, "no audio received for %.1f s "
          + "(limits.no_audio_timeout_seconds); keepalives hold a stream only between audio messages",
          limits.noAudioTimeoutSeconds()));
    } else if (state == State.STREAMING && now - startedAt > seconds(limits.maxSessionSeconds())) {
      endWithError(ErrorCode.SESSION_TOO_LONG, String.format(Locale.ROOT,
          "the session reached limits.max_session_seconds = %.1f s", limits.maxSessionSeconds()));
    }
  }

  /** A limit ended the session: the error, then the finals of the audio received, then the close. */
  private void endWithError(ErrorCode code, String message) {
    if (state == State.AWAITING_START) {
      fail(code, message);
      return;
    }
    sendError(code, message, true);
    end(code.closeCode(), code.wire());
  }

  /** A fatal error: report it, drop the stream, close with the code's close code. */
  private void fail(ErrorCode code, String message) {
    if (state == State.CLOSED) return;
    sendError(code, message, true);
    close(code.closeCode(), code.wire());
  }

  private void close(int code, String reason) {
    if (state == State.CLOSED) return;
    cleanUp();
    if (!ws.isClosed()) ws.close((short) code, reason);
  }

  /** Idempotent: the socket closed (by either side, or the client vanished). */
  private void cleanUp() {
    if (state == State.CLOSED) return;
    state = State.CLOSED;
    if (timerId >= 0) server.vertx().cancelTimer(timerId);
    if (stream != null) stream.cancel(); // frees the slot; a no-op once the stream is done
    if (counted) metrics.streamEnded();
    server.unregister(this);
  }

  private void touch() {
    lastActivity = System.nanoTime();
  }

  void send(String text) {
    if (!ws.isClosed()) ws.writeTextMessage(text);
  }

  void sendError(ErrorCode code, String message, boolean fatal) {
    metrics.error(code);
    send(Messages.error(code, message, fatal));
  }

  private static long seconds(double s) {
    return (long) (s * TimeUnit.SECONDS.toNanos(1));
  }
}
