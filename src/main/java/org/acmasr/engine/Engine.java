package org.acmasr.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.acmasr.budget.Budget;

/**
 * The engine room: one recognizer, the scheduler that batches every stream on its inference workers,
 * and their metrics. Built once by the command that runs the process and handed to the front doors (the
 * WebSocket/HTTP server, the Kafka worker) as siblings, so they share one batching policy, one admission
 * limit and one set of numbers; the builder closes it after the front doors have stopped. Thread-safe.
 *
 * <p>Two ways in: {@link #open} a stream and feed it, or {@link #transcribe} a whole buffer.
 * <pre>{@code
 * try (Engine engine = new Engine(new Recognizer(AcmModel.load(file), config), SchedulerConfig.defaults())) {
 *   ScheduledStream s = engine.open(StreamSpec.of(Budget.fixed(0.5)).withSampleRate(48_000), listener);
 *   s.accept(samples48k);                 // any one thread; results reach the listener
 *   s.finish();
 *   Transcript t = engine.transcribe(samplesAtModelRate, new Budget.Auto(0.25)).get();
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
  private final Recognizer recognizer;
  private final EngineMetrics metrics = new EngineMetrics();
  private final StreamScheduler scheduler;

  private final AutoBudgetConfig autoBudget;

  public Engine(Recognizer recognizer, SchedulerConfig config) {
    this(recognizer, config, AutoBudgetConfig.defaults());
  }

  /** Starts {@link SchedulerConfig#workers} inference threads. */
  public Engine(Recognizer recognizer, SchedulerConfig config, AutoBudgetConfig autoBudget) {
    this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
    this.autoBudget = Objects.requireNonNull(autoBudget, "autoBudget");
    this.scheduler = new StreamScheduler(recognizer, config, metrics, autoBudget);
  }

  public Recognizer recognizer() {
    return recognizer;
  }

  public SchedulerConfig config() {
    return scheduler.config();
  }

  public EngineMetrics metrics() {
    return metrics;
  }

  /**
   * Opens a stream: the producer feeds it ({@link ScheduledStream#accept}) from any one thread, results
   * arrive at {@code listener} from an inference thread.
   *
   * @throws OverloadedException when {@link SchedulerConfig#maxStreams} streams are open or the engine
   *     is shutting down
   */
  public ScheduledStream open(StreamSpec spec, StreamListener listener) {
    Objects.requireNonNull(listener, "listener");
    ScheduledStream s = scheduler.open(recognizer.createStream(spec), listener);
    if (spec.budget() instanceof Budget.Auto) s.setBudget(spec.budget());
    return s;
  }

  /**
   * Transcribes a whole mono buffer at the model's rate ({@link Recognizer#sampleRate}) as one more
   * stream, so batch requests share the inference workers, the batching and the admission limit with
   * live streams. Feeds the audio on the calling thread (the front end runs here); the result completes
   * on an inference thread and equals {@link Recognizer#transcribe}'s except for
   * {@code processingSeconds}, which here includes time spent waiting for a worker. Cancelling the
   * future drops the stream.
   *
   * @throws OverloadedException when no stream slot is free (nothing was started)
   * @throws AudioTooLongError   when the audio is longer than {@link SchedulerConfig#maxAudioSeconds}
   */
  public CompletableFuture<Transcript> transcribe(float[] samples, Budget budget) {
    long t0 = System.nanoTime();
    CompletableFuture<Transcript> result = new CompletableFuture<>();
    Collector collector = new Collector(result, t0);
    ScheduledStream s = open(StreamSpec.of(budget), collector);
    collector.stream = s.stream();
    s.stream().keepHistory();
    result.whenComplete((t, e) -> {
      if (result.isCancelled()) s.cancel();
    });
    try {
      s.accept(samples);
      s.finish();
    } catch (RuntimeException | Error e) { // OutOfMemoryError included: the slot is released whatever happens
      s.cancel();
      throw e;
    }
    return result;
  }

  /** Gathers one transcription's finals (on inference threads, one at a time) and completes its future. */
  private static final class Collector implements StreamListener {
    private final CompletableFuture<Transcript> result;
    private final long t0;
    private final List<Segment> segments = new ArrayList<>();
    volatile RecognizerStream stream;

    Collector(CompletableFuture<Transcript> result, long t0) {
      this.result = result;
      this.t0 = t0;
    }

    @Override
    public synchronized void onResult(List<Segment> finals, Segment partial) {
      segments.addAll(finals);
    }

    @Override
    public boolean wantsPartials() {
      return false;
    }

    @Override
    public synchronized void onDone(RuntimeException failure) {
      if (failure != null) result.completeExceptionally(failure);
      else result.complete(stream.transcript(segments, t0));
    }
  }

  /** The lowest β the engine steers auto streams to ({@code engine.auto_budget.floor}). */
  public double autoBudgetFloor() {
    return autoBudget.floor();
  }

  /** The level "auto" streams decode at now (each never below its own floor), in (0, 1]. */
  public double autoBudgetLevel() {
    return scheduler.autoBudgetLevel();
  }

  /** Streams open now (registered and not yet done or cancelled). */
  public int openStreams() {
    return scheduler.openStreams();
  }

  /** Refuses new streams from now on; open ones go on. */
  public void stopAccepting() {
    scheduler.stopAccepting();
  }

  /** Waits until every open stream is done or cancelled. @return false on timeout */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return scheduler.awaitIdle(timeout);
  }

  /** Stops the inference workers after their current batch; open streams get no more callbacks. */
  @Override
  public void close() {
    scheduler.close();
  }
}
