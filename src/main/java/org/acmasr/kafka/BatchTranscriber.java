package org.acmasr.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.engine.OverloadedException;
import org.acmasr.engine.ScheduledStream;
import org.acmasr.engine.Segment;
import org.acmasr.engine.StreamListener;
import org.acmasr.engine.StreamScheduler;
import org.acmasr.kafka.proto.FailureReason;

/**
 * Transcribes one poll's complete requests through the shared {@link StreamScheduler}: up to
 * {@code maxInFlight} requests are open at once, so the scheduler decodes them together in batched
 * forward passes (alongside any live streams sharing it). Audio of the next request is decoded on the
 * calling thread while the inference threads work. Results come back on the calling thread, each as
 * soon as its request is done.
 */
final class BatchTranscriber {

  /** Receives each request's result on the thread that called {@link #transcribe}. */
  interface Sink {
    void transcribed(Transcribed t);

    void rejected(Outcome.Rejected r);
  }

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

  /** The batch was given up (the instance is stopping, or the scheduler admitted nothing for too long). */
  static final class Abandoned extends Exception {
    private static final long serialVersionUID = 1L;

    Abandoned(String message) {
      super(message);
    }
  }

  private final StreamScheduler scheduler;
  private final int maxInFlight;
  private final int maxAudioSeconds;
  private final long admissionTimeoutNanos;
  private final BooleanSupplier stopping;

  /**
   * @param admissionTimeoutMs how long to wait for a free stream slot when none of this batch's
   *                           requests is running (the slots are all taken by other users)
   * @param stopping           polled while waiting: true gives the batch up
   */
  BatchTranscriber(StreamScheduler scheduler, int maxInFlight, int maxAudioSeconds, long admissionTimeoutMs,
      BooleanSupplier stopping) {
    this.scheduler = scheduler;
    this.maxInFlight = maxInFlight;
    this.maxAudioSeconds = maxAudioSeconds;
    this.admissionTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(admissionTimeoutMs);
    this.stopping = stopping;
  }

  /** One request on the scheduler. Its results arrive on an inference thread; {@link #done} hands it over. */
  private static final class Job implements StreamListener {
    final Outcome.Assembled request;
    final double duration;
    final List<Segment> finals = new ArrayList<>();
    final BlockingQueue<Job> done;
    ScheduledStream stream;
    RuntimeException failure;

    Job(Outcome.Assembled request, double duration, BlockingQueue<Job> done) {
      this.request = request;
      this.duration = duration;
      this.done = done;
    }

    @Override
    public void onResult(List<Segment> f, Segment partial) {
      finals.addAll(f);
    }

    @Override
    public void onDone(RuntimeException e) {
      failure = e;
      done.add(this);
    }
  }

  /** Decoded audio waiting for a stream slot. */
  private record Ready(Outcome.Assembled request, float[] samples) {}

  /**
   * Transcribes every request and returns once all are done.
   *
   * @throws Abandoned when stopping, or when no slot opened up within the admission timeout; requests
   *     still running are cancelled and nothing more reaches the sink
   */
  void transcribe(List<Outcome.Assembled> requests, Sink sink) throws Abandoned, InterruptedException {
    Deque<Outcome.Assembled> queue = new ArrayDeque<>(requests);
    BlockingQueue<Job> done = new LinkedBlockingQueue<>();
    Set<Job> running = new HashSet<>();
    Ready next = null;
    long refusedSince = -1;
    try {
      while (!queue.isEmpty() || next != null || !running.isEmpty()) {
        if (stopping.getAsBoolean()) throw new Abandoned("stopping");
        while (running.size() < maxInFlight && (next != null || !queue.isEmpty())) {
          if (next == null) {
            Outcome.Assembled a = queue.poll();
            try {
              next = new Ready(a, RequestAudio.decode(a.audio(), a.format(), maxAudioSeconds));
            } catch (InvalidRequestException e) {
              sink.rejected(reject(a, e.reason(), "request " + a.requestId() + ": " + e.getMessage()));
              continue;
            }
          }
          Job job = new Job(next.request(), next.samples().length / (double) AudioDecoder.TARGET_RATE, done);
          try {
            job.stream = scheduler.open(scheduler.recognizer().createStream(next.request().format().budget()), job);
          } catch (OverloadedException e) {
            if (running.isEmpty()) {
              if (refusedSince < 0) refusedSince = System.nanoTime();
              if (System.nanoTime() - refusedSince > admissionTimeoutNanos) {
                throw new Abandoned("no stream slot for " + TimeUnit.NANOSECONDS.toMillis(admissionTimeoutNanos)
                    + " ms: " + e.getMessage());
              }
            }
            break;
          }
          refusedSince = -1;
          running.add(job);
          job.stream.accept(AudioDecoder.TARGET_RATE, next.samples());
          job.stream.finish();
          next = null;
        }
        Job d = done.poll(running.isEmpty() ? 20 : 100, TimeUnit.MILLISECONDS);
        if (d != null) {
          running.remove(d);
          deliver(d, sink);
        }
      }
    } finally {
      for (Job j : running) j.stream.cancel();
    }
  }

  private static void deliver(Job j, Sink sink) {
    Outcome.Assembled a = j.request;
    if (j.failure != null) {
      sink.rejected(reject(a, FailureReason.RECOGNITION_FAILED, "request " + a.requestId()
          + ": recognition failed: " + j.failure.getMessage()));
      return;
    }
    sink.transcribed(new Transcribed(a, List.copyOf(j.finals), j.duration, j.stream.stream().computeUsed(),
        (System.nanoTime() - a.readAtNanos()) / 1e9));
  }

  private static Outcome.Rejected reject(Outcome.Assembled a, FailureReason reason, String message) {
    List<Long> offsets = a.offsets();
    return new Outcome.Rejected(a.requestId(), a.source(), offsets, offsets.get(offsets.size() - 1), a.timestampMs(), reason,
        message, a.format().metadata());
  }
}
