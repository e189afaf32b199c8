package org.acmasr.engine;

import org.acmasr.budget.Budget;

/**
 * A stream opened on an {@link Engine} ({@link Engine#open}): the producer (a socket handler, a Kafka
 * consumer) feeds audio here from any one thread; results arrive at the {@link StreamListener} from an
 * inference thread. At most one decode of a stream runs at a time.
 */
public final class ScheduledStream {
  private final StreamScheduler scheduler;
  private final RecognizerStream stream;
  private final StreamListener listener;

  // Guarded by the scheduler's lock.
  boolean inFlight;
  boolean queued;
  long dueAt;
  boolean closed; // done reported or cancelled: never scheduled again
  boolean cancelled;
  volatile boolean paused; // written under the scheduler's lock
  double autoFloor = Double.NaN; // "auto" budget: its floor; NaN = a fixed budget
  volatile double lastPieceSeconds; // duration of the producer's last audio message

  // Producer side.
  private double secondsIn;

  ScheduledStream(StreamScheduler scheduler, RecognizerStream stream, StreamListener listener) {
    this.scheduler = scheduler;
    this.stream = stream;
    this.listener = listener;
  }

  RecognizerStream stream() {
    return stream;
  }

  StreamListener listener() {
    return listener;
  }

  /**
   * Queues mono samples at the stream's input rate ({@link StreamSpec#sampleRate}) for decoding.
   * Runs the front end on the calling thread; never waits for a decode in progress.
   *
   * @return false when the stream's queue is over its limit: the producer should stop reading until
   *     {@link StreamListener#onDrained} (it may still call this; nothing is dropped)
   * @throws IllegalStateException after {@link #finish}
   * @throws AudioTooLongError when the stream's audio would last longer than
   *     {@link SchedulerConfig#maxAudioSeconds} (nothing of this call is queued)
   */
  public boolean accept(float[] samples) {
    double piece = samples.length / (double) stream.inputRate();
    double seconds = secondsIn + piece;
    int limit = scheduler.config().maxAudioSeconds();
    if (seconds > limit) throw new AudioTooLongError(limit);
    stream.acceptWaveform(samples);
    lastPieceSeconds = piece;
    secondsIn = seconds;
    return scheduler.wake(this, true);
  }

  /** No more audio: the rest is decoded, the last segment becomes final, then {@link StreamListener#onDone}. */
  public void finish() {
    stream.inputFinished();
    scheduler.wake(this, false);
  }

  /**
   * Closes the current segment at the audio accepted so far (see {@link RecognizerStream#finalizeSegment}):
   * its final arrives through {@link StreamListener#onResult}, always, even with empty text.
   */
  public void finalizeSegment() {
    stream.finalizeSegment();
    scheduler.wake(this, false);
  }

  /**
   * Changes the budget for frames decoded from now on: a fixed β (the scheduler no longer steers it;
   * see {@link RecognizerStream#setBudget} for where it takes effect), or {@code auto}, which lets the
   * scheduler steer it with the load ({@link AutoBudgetConfig}), never below the floor. The budget used
   * for each segment is in its result.
   */
  public void setBudget(Budget budget) {
    if (budget instanceof Budget.Auto a) {
      scheduler.setAutoBudget(this, a);
    } else {
      scheduler.setFixedBudget(this, (Budget.Fixed) budget);
    }
  }

  /** True while the scheduler steers the budget ("auto"). */
  public boolean isAutoBudget() {
    return scheduler.isAuto(this);
  }

  /** Drops the stream (client gone): no more callbacks, its slot is freed once any running decode ends. */
  public void cancel() {
    scheduler.cancel(this);
  }

  /**
   * Whether every whole chunk of the audio accepted so far is decoded (see
   * {@link RecognizerStream#isCaughtUp}); never waits for a decode in progress.
   */
  public boolean isCaughtUp() {
    return stream.isCaughtUp();
  }

  /** Finalize requests completed so far (see {@link RecognizerStream#finalizedSegments}); for listeners. */
  public int finalizedSegments() {
    return stream.finalizedSegments();
  }

  /** True while the producer was asked to pause and has not been told to resume. */
  public boolean isPaused() {
    return paused;
  }
}
