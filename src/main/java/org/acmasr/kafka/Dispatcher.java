package org.acmasr.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.engine.OverloadedException;
import org.acmasr.engine.ScheduledStream;
import org.acmasr.engine.Segment;
import org.acmasr.engine.StreamListener;
import org.acmasr.engine.StreamScheduler;
import org.acmasr.kafka.proto.FailureReason;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps up to {@code maxInFlight} complete requests running on the shared {@link StreamScheduler}, so
 * that it always has many streams to decode together in one forward pass (alongside any live streams
 * sharing it); requests beyond that wait here. A request's audio is decoded on the caller's thread
 * when it starts. Results come back through {@link #take}. Used by one thread (the poll loop).
 */
final class Dispatcher {

  /**
   * A transcribed request.
   *
   * @param segments          its final segments
   * @param computeUsed       measured fraction of the static model's adaptive compute
   * @param processingSeconds from reading its last record to the transcript being ready
   */
  record Transcribed(Outcome.Assembled request, List<Segment> segments, double durationSeconds, double computeUsed,
      double processingSeconds) {
  }

  /**
   * What became of a request: exactly one of {@code transcript} and {@code rejection} is set.
   *
   * @param generation the tag it was dispatched with (results of a partition's previous owner-ship are stale)
   */
  record Done(Outcome.Assembled request, long generation, Transcribed transcript, Outcome.Rejected rejection) {
  }

  /** A request waiting for a slot; its samples once decoded. */
  private static final class Waiting {
    final Outcome.Assembled request;
    final long generation;
    float[] samples;

    Waiting(Outcome.Assembled request, long generation) {
      this.request = request;
      this.generation = generation;
    }
  }

  /** One request on the scheduler; its results arrive on an inference thread, {@code finished} hands it over. */
  private static final class Job implements StreamListener {
    final Waiting w;
    final List<Segment> finals = new ArrayList<>();
    final BlockingQueue<Job> finished;
    ScheduledStream stream;
    double seconds;
    RuntimeException failure;

    Job(Waiting w, BlockingQueue<Job> finished) {
      this.w = w;
      this.finished = finished;
    }

    @Override
    public void onResult(List<Segment> f, Segment partial) {
      finals.addAll(f);
    }

    @Override
    public void onDone(RuntimeException e) {
      failure = e;
      finished.add(this);
    }
  }

  private final StreamScheduler scheduler;
  private final int maxInFlight;
  private final int maxAudioSeconds;
  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private final Set<Job> running = new LinkedHashSet<>();
  private final BlockingQueue<Job> finished = new LinkedBlockingQueue<>();
  private final List<Done> ready = new ArrayList<>(); // ended without running (undecodable audio)

  Dispatcher(StreamScheduler scheduler, int maxInFlight, int maxAudioSeconds) {
    this.scheduler = scheduler;
    this.maxInFlight = maxInFlight;
    this.maxAudioSeconds = Math.min(maxAudioSeconds, scheduler.config().maxAudioSeconds()); // one limit for all doors
  }

  void enqueue(Outcome.Assembled request, long generation) {
    waiting.add(new Waiting(request, generation));
  }

  int waiting() {
    return waiting.size();
  }

  /** True when nothing is waiting, running or ready to be taken. */
  boolean idle() {
    return waiting.isEmpty() && running.isEmpty() && ready.isEmpty();
  }

  /** Starts waiting requests while fewer than the limit run and the scheduler admits them. */
  void fill() {
    while (running.size() < maxInFlight && !waiting.isEmpty()) {
      Waiting w = waiting.peek();
      if (w.samples == null) {
        try {
          w.samples = RequestAudio.decode(w.request.audio(), w.request.format(), maxAudioSeconds);
        } catch (InvalidRequestException e) {
          waiting.poll();
          ready.add(new Done(w.request, w.generation, null, reject(w.request, e.reason(), "request "
              + w.request.requestId() + ": " + e.getMessage())));
          continue;
        }
      }
      Job job = new Job(w, finished);
      try {
        job.stream = scheduler.open(scheduler.recognizer().createStream(w.request.format().budget()), job);
      } catch (OverloadedException e) {
        return; // the shared scheduler is full (live streams): try again after the next results
      }
      waiting.poll();
      running.add(job);
      job.stream.accept(AudioDecoder.TARGET_RATE, w.samples);
      job.stream.finish();
      job.seconds = w.samples.length / (double) AudioDecoder.TARGET_RATE;
      w.samples = null;
    }
  }

  /** Results that are in, waiting up to {@code timeoutMs} for the first one when none is. */
  List<Done> take(long timeoutMs) throws InterruptedException {
    List<Done> out = new ArrayList<>(ready);
    ready.clear();
    if (out.isEmpty() && timeoutMs > 0) {
      if (running.isEmpty()) {
        if (!waiting.isEmpty()) Thread.sleep(Math.min(timeoutMs, 10)); // the shared scheduler admitted none
      } else {
        Job j = finished.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (j != null && running.remove(j)) out.add(done(j));
      }
    }
    for (Job j; (j = finished.poll()) != null; ) {
      if (running.remove(j)) out.add(done(j)); // a cancelled job may still have reported
    }
    return out;
  }

  /** Drops the requests of these partitions: running ones are cancelled, none of them is reported. */
  void cancel(Predicate<TopicPartition> which) {
    for (Iterator<Job> it = running.iterator(); it.hasNext(); ) {
      Job j = it.next();
      if (which.test(j.w.request.source())) {
        j.stream.cancel();
        it.remove();
      }
    }
    waiting.removeIf(w -> which.test(w.request.source()));
    ready.removeIf(d -> which.test(d.request().source()));
  }

  private static Done done(Job j) {
    Outcome.Assembled a = j.w.request;
    if (j.failure != null) {
      return new Done(a, j.w.generation, null, reject(a, FailureReason.RECOGNITION_FAILED, "request "
          + a.requestId() + ": recognition failed: " + j.failure.getMessage()));
    }
    return new Done(a, j.w.generation, new Transcribed(a, List.copyOf(j.finals), j.seconds,
        j.stream.stream().computeUsed(), (System.nanoTime() - a.readAtNanos()) / 1e9), null);
  }

  private static Outcome.Rejected reject(Outcome.Assembled a, FailureReason reason, String message) {
    List<Long> offsets = a.offsets();
    return new Outcome.Rejected(a.requestId(), a.source(), offsets, offsets.get(offsets.size() - 1), a.timestampMs(),
        reason, message, a.format().metadata());
  }
}
