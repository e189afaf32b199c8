package org.acmasr.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@link Engine}'s inference workers did, whichever front door the streams came through:
 * running totals, and every batched forward pass handed to the subscribers (a Prometheus exporter, a
 * benchmark). Thread-safe; updated on the inference threads.
 */
public final class EngineMetrics implements Consumer<BatchStats> {
  private static final Logger LOG = LoggerFactory.getLogger(EngineMetrics.class);

  private final LongAdder passes = new LongAdder();
  private final LongAdder streams = new LongAdder();
  private final DoubleAdder audioSeconds = new DoubleAdder();
  private final DoubleAdder inferenceSeconds = new DoubleAdder();
  private final DoubleAdder searchSeconds = new DoubleAdder();
  private final List<Consumer<BatchStats>> subscribers = new CopyOnWriteArrayList<>();

  /** Tells {@code s} about every later forward pass, on the inference thread (it must return quickly). */
  public void subscribe(Consumer<BatchStats> s) {
    subscribers.add(s);
  }

  @Override
  public void accept(BatchStats b) {
    passes.increment();
    streams.add(b.streams());
    audioSeconds.add(b.audioSeconds());
    inferenceSeconds.add(b.nanos() / 1e9);
    searchSeconds.add(b.searchNanos() / 1e9);
    for (Consumer<BatchStats> s : subscribers) {
      try {
        s.accept(b);
      } catch (RuntimeException e) {
        LOG.warn("metrics subscriber failed", e);
      }
    }
  }

  /** Batched forward passes run so far. */
  public long forwardPasses() {
    return passes.sum();
  }

  /** Streams decoded over all forward passes (their ratio to {@link #forwardPasses} is the mean batch). */
  public long streamsDecoded() {
    return streams.sum();
  }

  /** Seconds of audio decoded so far. */
  public double audioSeconds() {
    return audioSeconds.sum();
  }

  /** Wall seconds the inference workers spent in forward passes so far. */
  public double inferenceSeconds() {
    return inferenceSeconds.sum();
  }

  /** The part of {@link #inferenceSeconds} spent in the beam search after the encoder. */
  public double searchSeconds() {
    return searchSeconds.sum();
  }
}
