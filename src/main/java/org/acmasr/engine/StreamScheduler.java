package org.acmasr.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.acmasr.budget.Budget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many streams on a shared {@link Recognizer} with cross-stream batching, off the caller's
 * thread. Inference workers pick ready streams (a full chunk queued, or input finished), wait at most
 * {@link SchedulerConfig#batchWindowMs} for a batch to fill up to {@link SchedulerConfig#maxBatch},
 * then decode them in one forward pass. A stream is in at most one batch at a time; a stream with a
 * backlog is due again at once and takes turns with the others in order of readiness.
 *
 * <p>The inside of an {@link Engine}, which every front door (WebSocket, HTTP, Kafka) shares, so every
 * path has one batching policy and one admission limit.
 */
final class StreamScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamScheduler.class);

  private final Recognizer recognizer;
  private final SchedulerConfig config;
  private final Consumer<BatchStats> observer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<ScheduledStream> open = new ArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private final AutoBudget auto; // guarded by lock
  private boolean stopping;
  private boolean stopped;

  /**
   * @param observer told about every batched forward pass (metrics); called on the inference thread
   */
  StreamScheduler(Recognizer recognizer, SchedulerConfig config, Consumer<BatchStats> observer) {
    this(recognizer, config, observer, AutoBudgetConfig.defaults());
  }

  /** @param autoBudget how streams with an "auto" budget are steered */
  StreamScheduler(Recognizer recognizer, SchedulerConfig config, Consumer<BatchStats> observer,
      AutoBudgetConfig autoBudget) {
    this.auto = new AutoBudget(Objects.requireNonNull(autoBudget, "autoBudget"));
    this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
    this.config = Objects.requireNonNull(config, "config");
    this.observer = observer == null ? b -> { } : observer;
    for (int i = 0; i < config.workers(); i++) {
      Thread t = new Thread(this::workLoop, "acm-inference-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  StreamScheduler(Recognizer recognizer, SchedulerConfig config) {
    this(recognizer, config, null);
  }

  public Recognizer recognizer() {
    return recognizer;
  }

  public SchedulerConfig config() {
    return config;
  }

  /**
   * Registers a stream created from this scheduler's recognizer ({@link Engine#open} creates it from a spec).
   *
   * @throws OverloadedException when {@link SchedulerConfig#maxStreams} streams are open or the
   *     scheduler is shutting down
   */
  ScheduledStream open(RecognizerStream stream, StreamListener listener) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(listener, "listener");
    ScheduledStream s = new ScheduledStream(this, stream, listener);
    lock.lock();
    try {
      if (stopping) throw new OverloadedException("the recognizer is shutting down", config.maxStreams());
      if (open.size() >= config.maxStreams()) {
        throw new OverloadedException("all " + config.maxStreams() + " streams are in use", config.maxStreams());
      }
      open.add(s);
    } finally {
      lock.unlock();
    }
    return s;
  }

  /** The level auto streams decode at now (each never below its own floor), in (0, 1]. */
  public double autoBudgetLevel() {
    return lockedGet(auto::level);
  }

  void setFixedBudget(ScheduledStream s, Budget.Fixed b) {
    locked(() -> {
      s.autoFloor = Double.NaN;
      s.stream().setBudget(b);
    });
  }

  void setAutoBudget(ScheduledStream s, Budget.Auto budget) {
    locked(() -> {
      s.autoFloor = budget.floor();
      s.stream().steerBudget(new Budget.Fixed(auto.budgetFor(budget.floor())));
    });
  }

  boolean isAuto(ScheduledStream s) {
    return lockedGet(() -> !Double.isNaN(s.autoFloor));
  }

  /**
   * Feeds the auto-budget controller with the worst lag of the batch's auto streams, then sets each auto
   * stream's budget for this decode. Lag is the audio queued beyond what a stream that keeps up holds when
   * its turn comes (its producer's last message, or one chunk if longer): how far behind real time it is.
   * Called under the lock as the batch is taken.
   */
  private void steerAutoBudgets(List<ScheduledStream> batch, long now) {
    long worst = -1;
    for (ScheduledStream s : batch) {
      if (Double.isNaN(s.autoFloor)) continue;
      RecognizerStream r = s.stream();
      double frame = recognizer.model().config().frameSeconds();
      double lagSeconds = r.pendingFrames() * frame
          - Math.max(recognizer.model().config().chunkFrames() * frame, s.lastPieceSeconds);
      worst = Math.max(worst, Math.max(0, (long) (lagSeconds * 1e9)));
    }
    if (worst < 0) return;
    auto.observe(worst, now);
    for (ScheduledStream s : batch) {
      if (!Double.isNaN(s.autoFloor)) s.stream().steerBudget(new Budget.Fixed(auto.budgetFor(s.autoFloor)));
    }
  }

  /** Streams open now (registered and not yet done or cancelled). */
  public int openStreams() {
    return lockedGet(open::size);
  }

  /** Refuses new streams from now on; open ones go on. */
  public void stopAccepting() {
    locked(() -> stopping = true);
  }

  /** Waits until every open stream is done or cancelled. @return false on timeout */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!open.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the workers after their current batch; open streams get no more callbacks. */
  @Override
  public void close() {
    locked(() -> {
      stopping = true;
      stopped = true;
      changed.signalAll();
    });
    for (Thread t : workers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The producer fed audio or finished: the stream may have become ready. Pauses the producer when
   * the queue is over its limit — only while the stream is ready, so a decode is sure to follow and
   * its bookkeeping (under this same lock) to resume it: no pause is ever left without a resume.
   *
   * @param fromAccept whether audio was just accepted (only then may the producer be paused)
   * @return false when the producer should pause
   */
  boolean wake(ScheduledStream s, boolean fromAccept) {
    RecognizerStream r = s.stream();
    lock.lock();
    try {
      boolean ready = r.isReady();
      if (ready && !s.queued && !s.closed) {
        s.queued = true;
        s.dueAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.batchWindowMs());
        changed.signalAll();
      }
      if (fromAccept && ready && !s.closed && r.pendingFrames() > config.maxQueuedFrames()) s.paused = true;
      return !s.paused;
    } finally {
      lock.unlock();
    }
  }

  void cancel(ScheduledStream s) {
    locked(() -> {
      s.cancelled = true;
      if (!s.inFlight && !s.closed) {
        s.closed = true;
        open.remove(s);
        changed.signalAll();
      }
    });
  }

  private void workLoop() {
    while (true) {
      List<ScheduledStream> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) return;
      run(batch);
    }
  }

  /** Blocks until a batch is due; null when stopped. */
  private List<ScheduledStream> nextBatch() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (stopped) return null;
        List<ScheduledStream> due = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (ScheduledStream s : open) {
          if (s.queued && !s.inFlight && !s.closed) {
            due.add(s);
            earliest = Math.min(earliest, s.dueAt);
          }
        }
        long now = System.nanoTime();
        if (!due.isEmpty() && (due.size() >= config.maxBatch() || earliest <= now)) {
          due.sort(Comparator.comparingLong(s -> s.dueAt));
          List<ScheduledStream> batch = new ArrayList<>(due.subList(0, Math.min(due.size(), config.maxBatch())));
          for (ScheduledStream s : batch) {
            s.inFlight = true;
            s.queued = false;
          }
          steerAutoBudgets(batch, now);
          return batch;
        }
        if (due.isEmpty()) {
          changed.await();
        } else {
          changed.awaitNanos(earliest - now);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void run(List<ScheduledStream> batch) {
    int n = batch.size();
    double[] seconds = new double[n];
    double[] macs = new double[n];
    double[] statics = new double[n];
    List<RecognizerStream> streams = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      RecognizerStream r = batch.get(i).stream();
      streams.add(r);
      seconds[i] = r.decodedSeconds();
      macs[i] = r.adaptiveMacs();
      statics[i] = r.adaptiveStatic();
    }
    long t0 = System.nanoTime();
    long searchNanos = 0;
    try {
      searchNanos = recognizer.decodePass(streams).searchNanos();
    } catch (Throwable e) { // a failed forward pass costs this batch its streams, never the worker
      LOG.error("batched decode of {} streams failed", n, e);
      RuntimeException failure = e instanceof RuntimeException re ? re : new IllegalStateException("decode failed: " + e, e);
      for (RecognizerStream r : streams) r.fail(failure);
    }
    long nanos = System.nanoTime() - t0;
    double audio = 0;
    double dMacs = 0;
    double dStatic = 0;
    for (int i = 0; i < n; i++) {
      RecognizerStream r = streams.get(i);
      audio += r.decodedSeconds() - seconds[i];
      dMacs += r.adaptiveMacs() - macs[i];
      dStatic += r.adaptiveStatic() - statics[i];
    }
    BatchStats stats = new BatchStats(n, audio, nanos, searchNanos, dMacs, dStatic);
    safely(() -> observer.accept(stats));
    for (int i = 0; i < n; i++) {
      deliver(batch.get(i), streams.get(i).decodedSeconds() > seconds[i]);
    }
    long now = System.nanoTime();
    List<ScheduledStream> resumed = new ArrayList<>();
    lock.lock();
    try {
      for (ScheduledStream s : batch) {
        s.inFlight = false;
        // A paused producer resumes once half its queue is decoded, or when the stream cannot go on
        // without more audio (it is no longer ready), whichever comes first.
        if (s.paused && (s.stream().pendingFrames() <= config.maxQueuedFrames() / 2 || !s.stream().isReady())) {
          s.paused = false;
          if (!s.cancelled) resumed.add(s);
        }
        if (s.cancelled || s.stream().isDone()) {
          if (!s.closed) {
            s.closed = true;
            open.remove(s);
          }
        } else if (s.stream().isReady()) {
          s.queued = true;
          s.dueAt = now; // a backlog is due at once
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (ScheduledStream s : resumed) safely(s.listener()::onDrained);
  }

  private void deliver(ScheduledStream s, boolean decoded) {
    boolean cancelled = lockedGet(() -> s.cancelled);
    RecognizerStream r = s.stream();
    List<Segment> finals = r.takeFinals();
    if (cancelled) return;
    if (decoded || !finals.isEmpty()) {
      Segment partial = s.listener().wantsPartials() ? r.partial() : null;
      safely(() -> s.listener().onResult(finals, partial));
    }
    if (r.isDone()) {
      safely(() -> s.listener().onDone(r.failure()));
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("stream listener failed", e);
    }
  }

  /** Runs {@code action} holding the lock. */
  private void locked(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  /** Reads {@code value} holding the lock. */
  private <T> T lockedGet(Supplier<T> value) {
    lock.lock();
    try {
      return value.get();
    } finally {
      lock.unlock();
    }
  }
}
