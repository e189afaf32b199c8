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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * sharing it); requests beyond that wait here. The audio of the next {@code maxInFlight} waiting requests
 * is decoded ahead, in arrival order, on the dispatcher's own decoding thread, so MP3 decoding and
 * resampling overlap the inference instead of stalling the poll loop when slots free up. Results come
 * back through {@link #take}. Used by one thread (the poll loop); {@link #close} ends the decoding thread.
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

  /** A request waiting for a slot; its audio decoding once started. */
  private static final class Waiting {
    final Outcome.Assembled request;
    final long generation;
    CompletableFuture<float[]> samples; // fails with InvalidRequestException for bad audio

    Waiting(Outcome.Assembled request, long generation) {
      this.request = request;
      this.generation = generation;
    }
  }

  /** One request transcribing on the engine; {@code finished} hands it over once its result is in. */
  private record Running(Waiting w, CompletableFuture<Transcript> result) {}

  /** Put on {@link #finished} when a decoding ends, to wake {@link #take}; never in {@link #running}. */
  private static final Running DECODED = new Running(null, null);

  private final Engine engine;
  private final int maxInFlight;
  private final int maxAudioSeconds;
  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private final Set<Running> running = new LinkedHashSet<>();
  private final BlockingQueue<Running> finished = new LinkedBlockingQueue<>();
  private final List<Done> ready = new ArrayList<>(); // ended without running (undecodable audio)
  private final ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "acm-kafka-audio-decode");
    t.setDaemon(true);
    return t;
  });

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

  /**
   * Starts waiting requests, in order, while fewer than the limit run, their audio is decoded and the
   * engine admits them; then starts decoding the audio of the next ones.
   */
  void fill() {
    try {
      while (running.size() < maxInFlight && !waiting.isEmpty()) {
        Waiting w = waiting.peek();
        if (w.samples == null) decode(w);
        if (!w.samples.isDone()) return; // the next fill (woken by DECODED) starts it
        float[] samples;
        try {
          samples = w.samples.join();
        } catch (CompletionException e) {
          InvalidRequestException bad = e.getCause() instanceof InvalidRequestException ire ? ire
              : new InvalidRequestException(FailureReason.UNDECODABLE_AUDIO, "decoder failed: " + e.getCause());
          waiting.poll();
          ready.add(new Done(w.request, w.generation, null, reject(w.request, bad.reason(), "request "
              + w.request.requestId() + ": " + bad.getMessage())));
          continue;
        }
        CompletableFuture<Transcript> result;
        try {
          result = engine.transcribe(samples, w.request.format().budget());
        } catch (OverloadedException e) {
          return; // the shared engine is full (live streams): try again after the next results
        }
        waiting.poll();
        Running r = new Running(w, result);
        running.add(r);
        result.whenComplete((t, e) -> finished.add(r)); // on an inference thread, or here when cancelled
        w.samples = null; // the engine holds the samples now
      }
    } finally {
      prefetch();
    }
  }

  /** Starts decoding the audio of the first {@code maxInFlight} waiting requests that have not begun. */
  private void prefetch() {
    int ahead = 0;
    for (Waiting w : waiting) {
      if (ahead++ >= maxInFlight) break;
      if (w.samples == null) decode(w);
    }
  }

  private void decode(Waiting w) {
    int rate = engine.recognizer().sampleRate();
    w.samples = CompletableFuture.supplyAsync(() -> {
      try {
        return RequestAudio.decode(w.request.audio(), w.request.format(), maxAudioSeconds, rate);
      } catch (InvalidRequestException e) {
        throw new CompletionException(e);
      }
    }, decoder);
    w.samples.whenComplete((s, e) -> finished.add(DECODED));
  }

  /** Drops everything (as {@link #cancel} of every partition) and ends the decoding thread. */
  void close() {
    cancel(tp -> true);
    decoder.shutdownNow();
  }

  /** Results that are in, waiting up to {@code timeoutMs} for the first one when none is. */
  List<Done> take(long timeoutMs) throws InterruptedException {
    List<Done> out = new ArrayList<>(ready);
    ready.clear();
    if (out.isEmpty() && timeoutMs > 0) {
      if (running.isEmpty()) {
        // Nothing runs: wait for a decoding to end (DECODED), or retry an engine that admitted none.
        if (!waiting.isEmpty()) finished.poll(Math.min(timeoutMs, 10), TimeUnit.MILLISECONDS);
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
    waiting.removeIf(w -> {
      if (!which.test(w.request.source())) return false;
      if (w.samples != null) w.samples.cancel(false); // its decoding may finish; nobody takes the result
      return true;
    });
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
