package org.acmasr.train;

/**
 * Phase 2 artificial gate labels. For each frame the partial-sum errors e_k = ‖h(x, k) − f(x)‖²,
 * k = kMin..N, are known from phase 1. For a budget β the label is the smallest k whose error is at
 * most a threshold θ_β (errors measured against the mean error of kMin over all frames), where θ_β is
 * chosen by bisection so that the mean label over the data is β·N. A frame whose module output is
 * small (quiet, or easy) is already within the threshold with few or no learners; a frame whose
 * output needs many learners to approximate gets them; the average spend matches the budget.
 *
 * <p>Why not the official code's rule (smallest k whose error is within a fixed factor of the
 * previous k's)? That rule fixes one labelling for all budgets and, as written, maps the index off by
 * one; this product trains one gate for every β, so the labels must depend on β, and ranking frames by
 * how much they gain from more learners is what lets quiet or easy frames cost little.
 */
public final class GateLabels {
  private GateLabels() {}

  /**
   * @param errors [frames][N − kMin + 1] partial-sum errors for k = kMin..N (non-increasing in practice)
   * @param kMin   0 for FFN modules (skipping allowed), 1 for projections
   * @param beta   budget in (0, 1]
   * @return label k per frame, in [kMin, N]
   */
  public static int[] labels(double[][] errors, int kMin, double beta) {
    int choices = errors[0].length;
    int n = kMin + choices - 1;
    double target = beta * n;
    double scale = 0;
    double max = 0;
    for (double[] e : errors) {
      scale += e[0];
      for (double v : e) max = Math.max(max, v);
    }
    scale = Math.max(scale / errors.length, 1e-30);
    double lo = 0;
    double hi = max / scale + 1;
    int[] best = assign(errors, kMin, hi, scale);
    for (int it = 0; it < 50; it++) {
      double mid = (lo + hi) / 2;
      int[] l = assign(errors, kMin, mid, scale);
      if (mean(l) > target) lo = mid; // too many learners: accept larger relative error
      else {
        hi = mid;
        best = l;
      }
    }
    return best;
  }

  /** Smallest k whose error, divided by {@code scale}, is at most {@code theta}. */
  static int[] assign(double[][] errors, int kMin, double theta, double scale) {
    int[] out = new int[errors.length];
    for (int f = 0; f < errors.length; f++) {
      double[] e = errors[f];
      double base = scale;
      int k = e.length - 1;
      for (int c = 0; c < e.length; c++) {
        if (e[c] / base <= theta) {
          k = c;
          break;
        }
      }
      out[f] = kMin + k;
    }
    return out;
  }

  static double mean(int[] v) {
    double s = 0;
    for (int x : v) s += x;
    return s / v.length;
  }
}
