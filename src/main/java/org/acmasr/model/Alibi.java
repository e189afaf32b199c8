package org.acmasr.model;

/** ALiBi head slopes: score(i, j) gets −slope_h · |i − j| added, h = 0..H−1, slope_h = 2^(−8(h+1)/H). */
final class Alibi {
  /** Additive bias for keys a query may not see (finite, so a row never becomes all −∞). */
  static final float MASKED = -1e9f;

  private Alibi() {}

  static float[] slopes(int heads) {
    float[] s = new float[heads];
    for (int h = 0; h < heads; h++) s[h] = (float) Math.pow(2, -8.0 * (h + 1) / heads);
    return s;
  }
}
