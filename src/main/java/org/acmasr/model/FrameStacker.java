package org.acmasr.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-stream model front end: applies global CMVN to each log-mel frame and stacks S consecutive
 * frames into one encoder input frame. Owned by one stream.
 */
public final class FrameStacker {
  private final float[] mean;
  private final float[] istd;
  private final int stack;
  private final int bins;
  private float[] pending;
  private int filled;

  FrameStacker(float[] mean, float[] istd, int stack) {
    this.mean = mean;
    this.istd = istd;
    this.stack = stack;
    this.bins = mean.length;
    this.pending = new float[stack * bins];
  }

  /** Adds log-mel frames; returns the encoder input frames [S·F] they complete. */
  public List<float[]> accept(List<float[]> fbankFrames) {
    List<float[]> out = new ArrayList<>();
    for (float[] f : fbankFrames) {
      int base = filled * bins;
      for (int m = 0; m < bins; m++) pending[base + m] = (f[m] - mean[m]) * istd[m];
      if (++filled == stack) {
        out.add(pending);
        pending = new float[stack * bins];
        filled = 0;
      }
    }
    return out;
  }

  /** Log-mel frames held back until a stack is complete (dropped at the end of a stream). */
  public int pendingFrames() {
    return filled;
  }

  /** Whole utterance: [T10][F] log-mel → [T10 / S][S·F] normalised stacked frames. */
  public static float[][] stackAll(AcmModel model, float[][] fbank) {
    return model.newStacker().accept(List.of(fbank)).toArray(new float[0][]);
  }
}
