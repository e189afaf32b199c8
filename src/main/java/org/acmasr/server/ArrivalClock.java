package org.acmasr.server;

import java.util.ArrayDeque;

/**
 * When each piece of a stream's audio arrived, for latency: a result covering audio up to {@code t}
 * seconds was made possible by the message that brought the stream past {@code t} plus the front
 * end's look-ahead, and its latency is the time since that message arrived. Results come in order of
 * time, so older arrivals are dropped as they are passed. Confined to the session's event loop.
 */
public final class ArrivalClock {
  /** Audio past a frame's end that the log-mel window needs (25 ms window, 10 ms hop). */
  public static final double LOOKAHEAD_SECONDS = 0.015;

  private record Arrival(double audioEnd, long nanos) {}

  private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();

  /** A message arrived that brought the stream's audio to {@code audioEnd} seconds. */
  public void arrived(double audioEnd, long nanos) {
    arrivals.add(new Arrival(audioEnd, nanos));
  }

  /**
   * @return nanoseconds from the arrival that completed audio up to {@code resultEnd} to {@code now},
   *     or -1 when no arrival reached it (the result came from flushing, not from new audio)
   */
  public long latency(double resultEnd, long now) {
    double needed = resultEnd + LOOKAHEAD_SECONDS - 1e-9;
    while (arrivals.size() > 1 && arrivals.peek().audioEnd() < needed) arrivals.poll();
    Arrival a = arrivals.peek();
    if (a == null || a.audioEnd() < needed) return -1;
    return now - a.nanos();
  }
}
