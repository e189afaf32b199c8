package org.acmasr.features;

import java.util.Locale;

/** Analysis windows for the short-time spectrum. */
public enum WindowType {
  /** Kaldi's default: a Hann window raised to the power 0.85 (never quite zero inside). */
  POVEY,
  HANN,
  HAMMING;

  /** Window of {@code n} samples (symmetric, as Kaldi computes it). */
  public float[] coefficients(int n) {
    float[] w = new float[n];
    double a = 2 * Math.PI / (n - 1);
    for (int i = 0; i < n; i++) {
      double hann = 0.5 - 0.5 * Math.cos(a * i);
      w[i] = (float) switch (this) {
        case POVEY -> Math.pow(hann, 0.85);
        case HANN -> hann;
        case HAMMING -> 0.54 - 0.46 * Math.cos(a * i);
      };
    }
    return w;
  }

  /** Parses {@code povey}, {@code hann} or {@code hamming}, case-insensitively. */
  public static WindowType parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("fbank.window: unknown window '" + s + "', expected povey, hann or hamming");
    }
  }
}
