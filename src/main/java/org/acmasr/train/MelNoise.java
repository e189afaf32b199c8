package org.acmasr.train;

import java.util.SplittableRandom;

/**
 * Additive-noise augmentation in the log-mel domain, where adding noise power is exact up to the
 * filterbank: f' = log(e^f + n), with n a noise spectrum of random tilt (from brown-ish to blue-ish)
 * at a random signal-to-noise ratio of 5–30 dB relative to the utterance's mean energy, fluctuating
 * ±1 dB from frame to frame. Works on cached features, so no audio is decoded again.
 */
public final class MelNoise {
  private MelNoise() {}

  /** @return a noisy copy of {@code fbank} [T][F] (natural-log mel energies) */
  public static float[][] apply(float[][] fbank, SplittableRandom rnd) {
    int t = fbank.length;
    if (t == 0) return new float[0][];
    int bins = fbank[0].length;
    double mean = 0;
    for (float[] f : fbank) for (float v : f) mean += Math.exp(v);
    mean /= (double) t * bins;
    double snrDb = 5 + 25 * rnd.nextDouble();
    double tilt = -2 + 4 * rnd.nextDouble();
    double[] shape = new double[bins];
    double norm = 0;
    for (int m = 0; m < bins; m++) {
      shape[m] = Math.exp(tilt * ((double) m / (bins - 1) - 0.5));
      norm += shape[m];
    }
    double level = mean * Math.pow(10, -snrDb / 10) * bins / norm;
    float[][] out = new float[t][bins];
    for (int i = 0; i < t; i++) {
      double frameGain = Math.pow(10, (rnd.nextDouble() * 2 - 1) / 10);
      for (int m = 0; m < bins; m++) {
        out[i][m] = (float) Math.log(Math.exp(fbank[i][m]) + level * frameGain * shape[m]);
      }
    }
    return out;
  }
}
