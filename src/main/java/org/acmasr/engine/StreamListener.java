package org.acmasr.engine;

import java.util.List;

/**
 * Receives one scheduled stream's results. Called on an inference thread, never concurrently for the
 * same stream; implementations must return quickly (hand work to their own thread or event loop). An
 * exception thrown here is logged and does not affect the stream or others.
 */
public interface StreamListener {

  /**
   * After each decoded chunk.
   *
   * @param finals  segments that became final with this chunk (often empty)
   * @param partial the current, still open segment (empty text between segments); null when
   *     {@link #wantsPartials} is false
   */
  void onResult(List<Segment> finals, Segment partial);

  /**
   * Whether {@link #onResult} needs the partial segment. Batch transcription does not: choosing the best
   * hypothesis as if the segment ended now (word LM look-ups for the whole beam) and aligning its words
   * after every chunk is then skipped. Asked after each decoded chunk.
   */
  default boolean wantsPartials() {
    return true;
  }

  /**
   * Once, when the stream has ended: all audio decoded and every final delivered, or decoding failed.
   *
   * @param failure null on success, else why the stream stopped
   */
  void onDone(RuntimeException failure);

  /** The stream's queue fell back below half its limit after {@link ScheduledStream#accept} returned false. */
  default void onDrained() {
  }
}
