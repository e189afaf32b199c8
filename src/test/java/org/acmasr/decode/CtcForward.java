package org.acmasr.decode;

/** Reference CTC probabilities for tests: the forward algorithm and brute-force path enumeration. */
final class CtcForward {
  private CtcForward() {}

  /** {@code log P(labels | logProbs)} summed over all CTC alignments (blank = 0), in log space. */
  static double logProb(float[][] lp, int[] labels) {
    int frames = lp.length;
    int s = 2 * labels.length + 1;
    int[] ext = new int[s];
    for (int i = 0; i < labels.length; i++) {
      ext[2 * i + 1] = labels[i];
    }
    double[] alpha = new double[s];
    java.util.Arrays.fill(alpha, Double.NEGATIVE_INFINITY);
    alpha[0] = lp[0][0];
    if (s > 1) {
      alpha[1] = lp[0][ext[1]];
    }
    for (int t = 1; t < frames; t++) {
      double[] next = new double[s];
      for (int i = 0; i < s; i++) {
        double a = alpha[i];
        if (i >= 1) {
          a = lse(a, alpha[i - 1]);
        }
        if (i >= 2 && ext[i] != 0 && ext[i] != ext[i - 2]) {
          a = lse(a, alpha[i - 2]);
        }
        next[i] = a + lp[t][ext[i]];
      }
      alpha = next;
    }
    return s == 1 ? alpha[0] : lse(alpha[s - 1], alpha[s - 2]);
  }

  /** Collapses a frame path: repeats merged, blanks (0) dropped. */
  static int[] collapse(int[] path) {
    int[] out = new int[path.length];
    int n = 0;
    int prev = -1;
    for (int p : path) {
      if (p != 0 && p != prev) {
        out[n++] = p;
      }
      prev = p;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  static double lse(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
  }
}
