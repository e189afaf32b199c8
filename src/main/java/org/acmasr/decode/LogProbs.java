package org.acmasr.decode;

import java.util.Objects;

/** Shape checks, arg-max and log-space addition on CTC log-probability rows. */
final class LogProbs {
  static final double NEG_INF = Double.NEGATIVE_INFINITY;

  private LogProbs() {}

  /**
   * Checks that every row of {@code logProbs} exists, has {@code vocab} entries and holds no NaN, so
   * that a call either consumes all its frames or none.
   *
   * @param vocab expected row length, or -1 to accept any non-empty rows
   */
  static void checkShape(float[][] logProbs, int vocab) {
    Objects.requireNonNull(logProbs, "logProbs");
    for (int t = 0; t < logProbs.length; t++) {
      float[] row = logProbs[t];
      if (row == null) {
        throw new IllegalArgumentException("logProbs[" + t + "] is null");
      }
      if (vocab >= 0 && row.length != vocab) {
        throw new IllegalArgumentException("logProbs[" + t + "] has " + row.length + " entries, expected " + vocab
            + " (the token set size)");
      }
      if (row.length == 0) {
        throw new IllegalArgumentException("logProbs[" + t + "] is empty");
      }
      for (int i = 0; i < row.length; i++) {
        if (Float.isNaN(row[i])) {
          throw new IllegalArgumentException("logProbs[" + t + "][" + i + "] is NaN");
        }
      }
    }
  }

  /** Index of the largest entry of a NaN-free row; ties go to the lowest index. */
  static int argmax(float[] row) {
    int best = 0;
    float bestValue = row[0];
    for (int i = 1; i < row.length; i++) {
      float v = row[i];
      if (v > bestValue) {
        best = i;
        bestValue = v;
      }
    }
    return best;
  }

  /** {@code log(exp(a) + exp(b))} without overflow; either may be negative infinity. */
  static double logAddExp(double a, double b) {
    if (a == NEG_INF) {
      return b;
    }
    if (b == NEG_INF) {
      return a;
    }
    return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
  }
}
