package org.acmasr.engine;

/**
 * A {@link RecognizerStream} run by a {@link StreamScheduler}: the producer (a socket handler, a Kafka
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

  public RecognizerStream stream() {
    return stream;
  }

  StreamListener listener() {
    return listener;
  }

  /**
   * Queues mono samples at {@code sampleRate} for decoding.
   *
   * @return false when the stream's queue is over its limit: the producer should stop reading until
   *     {@link StreamListener#onDrained} (it may still call this; nothing is dropped)
   * @throws IllegalStateException after {@link #finish} or when the sample rate changes
   * @throws AudioTooLongError when the stream's audio would last longer than
   *     {@link SchedulerConfig#maxAudioSeconds} (nothing of this call is queued)
   */
  public boolean accept(int sampleRate, float[] samples) {
    double seconds = secondsIn + samples.length / (double) sampleRate;
    int limit = scheduler.config().maxAudioSeconds();
    if (seconds > limit) throw new AudioTooLongError(limit);
    stream.acceptWaveform(sampleRate, samples);
    lastPieceSeconds = samples.length / (double) sampleRate;
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

  /** Changes the budget for frames decoded from now on (a fixed budget: the scheduler no longer steers it). */
  public void setBudget(double beta) {
    scheduler.setFixedBudget(this, beta);
  }

  /**
   * Lets the scheduler steer this stream's budget with the load ({@link AutoBudgetConfig}), never below
   * {@code floor}; the budget used for each segment is in its result.
   */
  public void setAutoBudget(double floor) {
    scheduler.setAutoBudget(this, Budget.check(floor));
  }

  /** True while the scheduler steers the budget ("auto"). */
  public boolean isAutoBudget() {
    return scheduler.isAuto(this);
  }

  /** Drops the stream (client gone): no more callbacks, its slot is freed once any running decode ends. */
  public void cancel() {
    scheduler.cancel(this);
  }

  /** True while the producer was asked to pause and has not been told to resume. */
  public boolean isPaused() {
    return paused;
  }
}
