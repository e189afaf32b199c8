package org.acmasr.features;

/**
 * Triangular filters equally spaced on the mel scale (mel = 1127 ln(1 + f / 700)), applied to a
 * power spectrum of {@code fftSize / 2} bins (DC .. just below Nyquist). Immutable and shareable.
 */
public final class MelFilterbank {
  /** First FFT bin with a non-zero weight, per filter. */
  private final int[] start;
  /** Weights per filter, for bins start[m] .. start[m] + weights[m].length - 1. */
  private final float[][] weights;

  public MelFilterbank(FbankConfig cfg) {
    int bins = cfg.numMelBins();
    int fftBins = cfg.fftSize() / 2;
    double binHz = (double) cfg.sampleRate() / cfg.fftSize();
    double melLow = mel(cfg.lowFreq());
    double melHigh = mel(cfg.effectiveHighFreq());
    double delta = (melHigh - melLow) / (bins + 1);
    start = new int[bins];
    weights = new float[bins][];
    for (int m = 0; m < bins; m++) {
      double left = melLow + m * delta;
      double center = left + delta;
      double right = center + delta;
      int first = -1;
      int last = -1;
      float[] w = new float[fftBins];
      for (int k = 0; k < fftBins; k++) {
        double mk = mel(k * binHz);
        if (mk > left && mk < right) {
          w[k] = (float) (mk <= center ? (mk - left) / (center - left) : (right - mk) / (right - center));
          if (first < 0) first = k;
          last = k;
        }
      }
      if (first < 0) {
        throw new IllegalArgumentException("fbank.num_mel_bins = " + bins + ": mel filter " + m
            + " covers no FFT bin; use fewer bins or a longer window");
      }
      start[m] = first;
      weights[m] = java.util.Arrays.copyOfRange(w, first, last + 1);
    }
  }

  public static double mel(double hz) {
    return 1127.0 * Math.log(1 + hz / 700.0);
  }

  public int numBins() {
    return weights.length;
  }

  /**
   * @param power power spectrum, length fftSize / 2 (at least)
   * @param out   receives one energy per filter
   */
  public void apply(float[] power, float[] out) {
    for (int m = 0; m < weights.length; m++) {
      float[] w = weights[m];
      int s = start[m];
      float e = 0f;
      for (int i = 0; i < w.length; i++) {
        e += w[i] * power[s + i];
      }
      out[m] = e;
    }
  }
}
