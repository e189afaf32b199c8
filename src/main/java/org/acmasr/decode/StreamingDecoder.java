package org.acmasr.decode;

/**
 * A CTC decoder that consumes log-probability frames as they arrive. One instance per stream: it
 * holds mutable state and is not thread-safe. Splitting the frames of a segment across any number
 * of {@link #accept} calls gives exactly the same result as a single call.
 */
public interface StreamingDecoder {

  /**
   * Consumes the next frames of the current segment.
   *
   * @param logProbs CTC log-probabilities, {@code [frames][vocab]}, blank at index 0; may have 0 frames
   * @throws IllegalArgumentException if a row's length is not the vocabulary size or a value is NaN;
   *     the state is then unchanged
   */
  void accept(float[][] logProbs);

  /**
   * The compute budget β (in (0, 1]) of the frames accepted next; a search may spend less at a lower
   * budget (the default ignores it).
   */
  default void setBudget(double beta) {
  }

  /** The best hypothesis for the frames accepted since the last reset (a partial result). */
  Hypothesis current();

  /** Starts a new segment whose first frame begins at {@code timeOffsetSeconds} (finite, >= 0). */
  void reset(double timeOffsetSeconds);

  /** Frames accepted since the last reset. */
  int frames();
}
