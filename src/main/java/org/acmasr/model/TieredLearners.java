package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs an ACM's learners on rows with any mix of k in few calls: per tier of {@link LearnerTiers}
 * one gemm into the hidden units and one out of them, one activation over all hidden units, and one
 * array for the result; gemm operands live in per-thread {@link AcmScratch} buffers, multiplied by
 * OpenBLAS directly on the CPU backend ({@link Blas}), through ND4J on cached views elsewhere. The
 * hidden bias rides in the first gemm (a column of ones after the input, b1 as the last row of W1).
 * The permutation by k, the zeroing of hidden units beyond a row's k (only in tiers that mix k), the
 * output bias and the scatter back to the original row order are Java loops over bulk copies.
 *
 * <p>Same arithmetic as running each row's first k learners as one block: x·W1[:, :k·b] + b1, act,
 * ·W2[:k·b] + b2; a zeroed unit adds exactly 0 (act(0) = 0 for GELU and identity). Immutable.
 */
final class TieredLearners {
  private final int width; // b, units per learner
  private final int in;
  private final int out;
  private final Activation activation;
  private final float[] b2; // [out]
  private final INDArray[] w1; // [j] → [in + 1, j·b], j = 1..N: W1's first j·b columns over b1's
  private final INDArray[] w2; // [j] → [j·b, out]
  private final boolean direct; // gemms through Blas (CPU backend) or through ND4J
  private final long macsPerLearner; // per row
  private final long tierOverheadMacs;

  TieredLearners(INDArray[] w1Prefix, float[] b1, INDArray[] w2Prefix, float[] b2, int width, Activation activation,
      long tierOverheadMacs) {
    this(w1Prefix, b1, w2Prefix, b2, width, activation, tierOverheadMacs, Blas.AVAILABLE);
  }

  /** @param direct gemms through {@link Blas} (CPU backend only) instead of ND4J */
  TieredLearners(INDArray[] w1Prefix, float[] b1, INDArray[] w2Prefix, float[] b2, int width, Activation activation,
      long tierOverheadMacs, boolean direct) {
    this.direct = direct;
    int n = w1Prefix.length - 1;
    this.width = width;
    this.in = (int) w1Prefix[n].size(0);
    this.out = (int) w2Prefix[n].size(1);
    this.activation = activation;
    this.b2 = b2;
    this.w1 = new INDArray[n + 1];
    for (int j = 1; j <= n; j++) {
      int cols = j * width;
      float[] w = new float[(in + 1) * cols];
      System.arraycopy(Nn.floats(w1Prefix[j]), 0, w, 0, in * cols);
      System.arraycopy(b1, 0, w, in * cols, cols);
      w1[j] = Nn.array(w, in + 1, cols);
    }
    this.w2 = new INDArray[n + 1];
    for (int j = 1; j <= n; j++) w2[j] = Nn.contiguous(w2Prefix[j]); // Blas takes contiguous row-major blocks
    this.macsPerLearner = (long) width * (in + out);
    this.tierOverheadMacs = tierOverheadMacs;
  }

  /** x [R, in] → [R, out]: row r the sum of its first k[r] learners (zero when k[r] = 0). */
  INDArray run(INDArray x, RowsByK s) {
    int rows = s.rows;
    int active = s.active;
    float[] y = new float[rows * out]; // [R, out]; k = 0 rows stay zero
    if (active == 0) return Nn.array(y, rows, out);
    LearnerTiers tiers = LearnerTiers.plan(s, macsPerLearner, tierOverheadMacs);
    AcmScratch sc = AcmScratch.get();
    // Active rows in k-descending order, each followed by a 1 (for b1): [A, in + 1].
    int inA = in + 1;
    float[] xv = Nn.floats(x);
    float[] xs = new float[active * inA];
    for (int p = 0; p < active; p++) {
      System.arraycopy(xv, s.order[p] * in, xs, p * inA, in);
      xs[p * inA + in] = 1f;
    }
    sc.reserve(AcmScratch.X, (long) active * inA);
    sc.put(AcmScratch.X, 0, xs, active * inA);
    // Hidden units, tier after tier: tier t is [rows_t, k_t·b] at hOff[t].
    long[] hOff = new long[tiers.count + 1];
    for (int t = 0; t < tiers.count; t++) hOff[t + 1] = hOff[t] + (long) tiers.rows[t] * tiers.k[t] * width;
    int hLen = (int) hOff[tiers.count];
    sc.reserve(AcmScratch.H, hLen);
    sc.reserve(AcmScratch.Y, (long) active * out);
    for (int t = 0; t < tiers.count; t++) {
      int k = tiers.k[t];
      gemm(sc, AcmScratch.X, (long) tiers.from[t] * inA, tiers.rows[t], inA, w1[k], AcmScratch.H, hOff[t], k * width);
    }
    for (int t = 0; t < tiers.count; t++) {
      int last = s.sortedK[tiers.from[t] + tiers.rows[t] - 1];
      if (last != tiers.k[t]) zeroUnitsBeyondK(sc, s, tiers, t, (int) hOff[t]);
    }
    activation.applyInPlace(sc.view(AcmScratch.H, 0, 1, hLen));
    for (int t = 0; t < tiers.count; t++) {
      int k = tiers.k[t];
      gemm(sc, AcmScratch.H, hOff[t], tiers.rows[t], k * width, w2[k], AcmScratch.Y, (long) tiers.from[t] * out, out);
    }
    float[] ys = new float[active * out]; // [A, out], sorted
    sc.get(AcmScratch.Y, 0, ys, active * out);
    for (int p = 0; p < active; p++) {
      int src = p * out;
      int dst = s.order[p] * out;
      for (int c = 0; c < out; c++) y[dst + c] = ys[src + c] + b2[c];
    }
    return Nn.array(y, rows, out);
  }

  /**
   * Scratch rows [rows, inner] at {@code aOff} of slot {@code a} · w [inner, cols] → slot {@code c} at
   * {@code cOff}: through OpenBLAS directly where {@link #direct}, else through ND4J on cached views.
   */
  private void gemm(AcmScratch sc, int a, long aOff, int rows, int inner, INDArray w, int c, long cOff, int cols) {
    if (direct) {
      Blas.gemm(sc.address(a) + aOff * Float.BYTES, Blas.address(w), sc.address(c) + cOff * Float.BYTES, rows, cols,
          inner);
    } else {
      Nn.mm(sc.view(a, aOff, rows, inner), w, sc.view(c, cOff, rows, cols));
    }
  }

  /** In tier t's hidden units [rows_t, k_t·b] at {@code off}: units ≥ k·b of a row with k < k_t set to 0. */
  private void zeroUnitsBeyondK(AcmScratch sc, RowsByK s, LearnerTiers tiers, int t, int off) {
    int cols = tiers.k[t] * width;
    // Rows are sorted by k descending: those with k = k_t need nothing and come first.
    int first = 0;
    while (s.sortedK[tiers.from[t] + first] == tiers.k[t]) first++;
    int len = (tiers.rows[t] - first) * cols;
    float[] h = new float[len];
    sc.get(AcmScratch.H, off + (long) first * cols, h, len);
    for (int i = first; i < tiers.rows[t]; i++) {
      int o = (i - first) * cols;
      java.util.Arrays.fill(h, o + s.sortedK[tiers.from[t] + i] * width, o + cols, 0f);
    }
    sc.put(AcmScratch.H, off + (long) first * cols, h, len);
  }
}
