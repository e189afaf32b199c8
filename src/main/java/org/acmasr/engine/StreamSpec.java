package org.acmasr.engine;

import java.util.Objects;
import org.acmasr.audio.AudioLimits;
import org.acmasr.budget.Budget;

/**
 * What a stream is opened with ({@link Engine#open}): its budget, its endpointing and the rate of the
 * mono samples its producer feeds. Immutable.
 *
 * @param budget      a fixed β, or {@code auto} (the scheduler steers β with the load, never below the floor)
 * @param endpointing automatic segment ends in client terms; null: the recognizer's configured rules
 * @param sampleRate  Hz of the samples fed ({@link AudioLimits#MIN_SAMPLE_RATE} to
 *                    {@link AudioLimits#MAX_SAMPLE_RATE}; resampled inside the stream to the model's
 *                    rate), or 0 for the model's own rate
 */
public record StreamSpec(Budget budget, Endpointing endpointing, int sampleRate) {

  public StreamSpec {
    Objects.requireNonNull(budget, "budget");
    if (sampleRate != 0 && (sampleRate < AudioLimits.MIN_SAMPLE_RATE || sampleRate > AudioLimits.MAX_SAMPLE_RATE)) {
      throw new IllegalArgumentException("sample_rate = " + sampleRate + ": must be in [" + AudioLimits.MIN_SAMPLE_RATE
          + ", " + AudioLimits.MAX_SAMPLE_RATE + "] Hz");
    }
  }

  /** {@code budget}, the recognizer's endpointing, audio at the model's rate. */
  public static StreamSpec of(Budget budget) {
    return new StreamSpec(budget, null, 0);
  }

  public StreamSpec withEndpointing(Endpointing e) {
    return new StreamSpec(budget, Objects.requireNonNull(e, "endpointing"), sampleRate);
  }

  public StreamSpec withSampleRate(int hz) {
    return new StreamSpec(budget, endpointing, hz);
  }
}
