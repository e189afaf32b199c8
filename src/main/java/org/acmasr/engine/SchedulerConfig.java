package org.acmasr.engine;

/**
 * How an {@link Engine} schedules inference. Validated; errors name the key and value.
 *
 * @param workers         inference threads (each runs one batched forward pass at a time)
 * @param maxBatch        most streams decoded together in one forward pass
 * @param batchWindowMs   longest a ready stream waits for others to fill a batch, in milliseconds
 * @param maxQueuedFrames encoder frames a stream may queue before its producer is asked to pause
 *                        (backpressure); it resumes when half of them have been decoded
 * @param maxStreams      streams open at once; {@link Engine#open} and {@link Engine#transcribe} refuse more
 * @param maxAudioSeconds longest audio of one stream or request, in seconds, at every entry point
 *                        (WebSocket, HTTP, Kafka, command line): checked from the declared size
 *                        before decoding where there is one, and by {@link ScheduledStream#accept}
 */
public record SchedulerConfig(int workers, int maxBatch, int batchWindowMs, int maxQueuedFrames, int maxStreams,
    int maxAudioSeconds) {

  /** The default {@link #maxAudioSeconds}: one hour. */
  public static final int DEFAULT_MAX_AUDIO_SECONDS = 3600;

  public SchedulerConfig {
    check("engine.workers", workers, 1, 64);
    check("engine.max_batch", maxBatch, 1, 1024);
    check("engine.batch_window_ms", batchWindowMs, 0, 10_000);
    check("engine.max_queued_frames", maxQueuedFrames, 2, 10_000_000);
    check("engine.max_streams", maxStreams, 1, 100_000);
    check("engine.max_audio_seconds", maxAudioSeconds, 1, 24 * 3600);
  }

  /** With the default {@link #maxAudioSeconds}. */
  public SchedulerConfig(int workers, int maxBatch, int batchWindowMs, int maxQueuedFrames, int maxStreams) {
    this(workers, maxBatch, batchWindowMs, maxQueuedFrames, maxStreams, DEFAULT_MAX_AUDIO_SECONDS);
  }

  /** One worker, batches of up to 32 streams gathered for at most 20 ms, 10 s of queued audio, 64 streams. */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(1, 32, 20, 250, 64);
  }

  public SchedulerConfig withMaxStreams(int n) {
    return new SchedulerConfig(workers, maxBatch, batchWindowMs, maxQueuedFrames, n, maxAudioSeconds);
  }

  public SchedulerConfig withMaxQueuedFrames(int n) {
    return new SchedulerConfig(workers, maxBatch, batchWindowMs, n, maxStreams, maxAudioSeconds);
  }

  public SchedulerConfig withMaxAudioSeconds(int s) {
    return new SchedulerConfig(workers, maxBatch, batchWindowMs, maxQueuedFrames, maxStreams, s);
  }

  private static void check(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " = " + value + ": must be in [" + min + ", " + max + "]");
    }
  }
}
