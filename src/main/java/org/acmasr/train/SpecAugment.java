package org.acmasr.train;

import java.util.SplittableRandom;

/**
 * SpecAugment on stacked encoder frames (log-mel already normalised, so 0 is the mean): two frequency
 * masks of up to 10 mel bins (applied to every stacked sub-frame alike) and time masks of up to
 * 5 encoder frames (200 ms), one per 2.5 s of audio. Deterministic for a given random source.
 */
public final class SpecAugment {
  private SpecAugment() {}

  /** @return a masked copy of {@code frames} [T][S·F] */
  public static float[][] apply(float[][] frames, int bins, SplittableRandom rnd) {
    int t = frames.length;
    float[][] out = new float[t][];
    for (int i = 0; i < t; i++) out[i] = frames[i].clone();
    if (t == 0) return out;
    int stack = frames[0].length / bins;
    for (int m = 0; m < 2; m++) {
      int width = rnd.nextInt(11);
      int start = rnd.nextInt(Math.max(1, bins - width));
      for (float[] f : out)
        for (int s = 0; s < stack; s++)
          for (int b = start; b < Math.min(bins, start + width); b++) f[s * bins + b] = 0f;
    }
    int masks = Math.max(1, t / 62);
    for (int m = 0; m < masks; m++) {
      int width = rnd.nextInt(6);
      int start = rnd.nextInt(Math.max(1, t - width));
      for (int i = start; i < Math.min(t, start + width); i++) java.util.Arrays.fill(out[i], 0f);
    }
    return out;
  }
}
