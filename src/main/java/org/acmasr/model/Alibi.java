package org.acmasr.model;

/**
 * ALiBi head slopes: score(i, j) gets −slope_h · |i − j| added, h = 0..H−1, slope_h = 2^(−8(h+1)/H).
 * Shared by inference and the training graph, which must agree exactly.
 */
public final class Alibi {
  /** Additive bias for keys a query may not see (finite, so a row never becomes all −∞). */
  public static final float MASKED = -1e9f;

  private Alibi() {}

  public static float[] slopes(int heads) {
    float[] s = new float[heads];
    for (int h = 0; h < heads; h++) s[h] = (float) Math.pow(2, -8.0 * (h + 1) / heads);
    return s;
  }
}
