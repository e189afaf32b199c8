package org.acmasr.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.acmasr.engine.Engine;
import org.acmasr.engine.OverloadedException;
import org.acmasr.engine.Segment;
import org.acmasr.engine.Transcript;
import org.acmasr.kafka.proto.FailureReason;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps up to {@code maxInFlight} complete requests transcribing on the shared {@link Engine}, so
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

  /** One request transcribing on the engine; {@code finished} hands it over once its result is in. */
  private record Running(Waiting w, CompletableFuture<Transcript> result) {}

  private final Engine engine;
  private final int maxInFlight;
  private final int maxAudioSeconds;
  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private final Set<Running> running = new LinkedHashSet<>();
  private final BlockingQueue<Running> finished = new LinkedBlockingQueue<>();
  private final List<Done> ready = new ArrayList<>(); // ended without running (undecodable audio)

  Dispatcher(Engine engine, int maxInFlight, int maxAudioSeconds) {
    this.engine = engine;
    this.maxInFlight = maxInFlight;
    this.maxAudioSeconds = Math.min(maxAudioSeconds, engine.config().maxAudioSeconds()); // one limit for all doors
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

  /** Starts waiting requests while fewer than the limit run and the engine admits them. */
  void fill() {
    while (running.size() < maxInFlight && !waiting.isEmpty()) {
      Waiting w = waiting.peek();
      if (w.samples == null) {
        try {
          w.samples = RequestAudio.decode(w.request.audio(), w.request.format(), maxAudioSeconds,
              engine.recognizer().sampleRate());
        } catch (InvalidRequestException e) {
          waiting.poll();
          ready.add(new Done(w.request, w.generation, null, reject(w.request, e.reason(), "request "
              + w.request.requestId() + ": " + e.getMessage())));
          continue;
        }
      }
      CompletableFuture<Transcript> result;
      try {
        result = engine.transcribe(w.samples, w.request.format().budget());
      } catch (OverloadedException e) {
        return; // the shared engine is full (live streams): try again after the next results
      }
      waiting.poll();
      Running r = new Running(w, result);
      running.add(r);
      result.whenComplete((t, e) -> finished.add(r)); // on an inference thread, or here when cancelled
      w.samples = null;
    }
  }

  /** Results that are in, waiting up to {@code timeoutMs} for the first one when none is. */
  List<Done> take(long timeoutMs) throws InterruptedException {
    List<Done> out = new ArrayList<>(ready);
    ready.clear();
    if (out.isEmpty() && timeoutMs > 0) {
      if (running.isEmpty()) {
        if (!waiting.isEmpty()) Thread.sleep(Math.min(timeoutMs, 10)); // the shared engine admitted none
      } else {
        Running r = finished.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (r != null && running.remove(r)) out.add(done(r));
      }
    }
    for (Running r; (r = finished.poll()) != null; ) {
      if (running.remove(r)) out.add(done(r)); // a cancelled request reports too
    }
    return out;
  }

  /** Drops the requests of these partitions: running ones are cancelled, none of them is reported. */
  void cancel(Predicate<TopicPartition> which) {
    for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
      Running r = it.next();
      if (which.test(r.w().request.source())) {
        it.remove();
        r.result().cancel(false); // frees its stream
      }
    }
    waiting.removeIf(w -> which.test(w.request.source()));
    ready.removeIf(d -> which.test(d.request().source()));
  }

  private static Done done(Running r) {
    Outcome.Assembled a = r.w().request;
    Transcript t;
    try {
      t = r.result().join();
    } catch (CompletionException e) {
      return new Done(a, r.w().generation, null, reject(a, FailureReason.RECOGNITION_FAILED, "request "
          + a.requestId() + ": recognition failed: " + e.getCause().getMessage()));
    }
    return new Done(a, r.w().generation, new Transcribed(a, t.segments(), t.durationSeconds(), t.computeUsed(),
        (System.nanoTime() - a.readAtNanos()) / 1e9), null);
  }

  private static Outcome.Rejected reject(Outcome.Assembled a, FailureReason reason, String message) {
    List<Long> offsets = a.offsets();
    return new Outcome.Rejected(a.requestId(), a.source(), offsets, offsets.get(offsets.size() - 1), a.timestampMs(),
        reason, message, a.format().metadata());
  }
}
