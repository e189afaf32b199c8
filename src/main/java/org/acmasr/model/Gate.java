package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Per-frame gating network of one ACM: a 3-layer MLP over the module input and the gate input g (the
 * requested budget after the model's {@link BudgetCalibration}; equal to it in an uncalibrated model),
 * {@code [x, g] → relu(·W1+b1) → relu(·W2+b2) → ·W3+b3}, one logit per choice. Inference takes the
 * argmax. The first layer's x-part is one gemm (OpenBLAS directly on the CPU backend, {@link Blas},
 * else ND4J; in Java up to {@link #JAVA_ROWS} rows); the g column, the two small layers and the argmax run in Java
 * (they are ~1% of the module's cost, and ND4J's per-op overhead would dominate).
 * Immutable.
 */
final class Gate {
  /** Up to this many rows the first layer runs in Java: one gemm call costs more than its arithmetic. */
  static final int JAVA_ROWS = 32;

  private final INDArray w1x; // [in, g]: W1 without its gate-input row
  private final float[] w1xv; // the same, row-major
  private final int in;
  private final float[] w1b; // [g]: W1's gate-input row
  private final float[] b1; // [g]
  private final float[] w2; // [g, g]
  private final float[] b2; // [g]
  private final float[] w3; // [g, choices]
  private final float[] b3; // [choices]
  private final int g;
  private final int choices;
  private final long macsPerFrame;

  Gate(INDArray w1, INDArray b1, INDArray w2, INDArray b2, INDArray w3, INDArray b3) {
    long in = w1.size(0) - 1;
    this.w1x = w1.get(NDArrayIndex.interval(0, in), NDArrayIndex.all()).dup('c');
    this.w1xv = Nn.floats(w1x);
    this.in = (int) in;
    this.w1b = w1.getRow(in).toFloatVector();
    this.b1 = b1.toFloatVector();
    this.w2 = Nn.floats(w2);
    this.b2 = b2.toFloatVector();
    this.w3 = Nn.floats(w3);
    this.b3 = b3.toFloatVector();
    this.g = (int) w1.size(1);
    this.choices = (int) w3.size(1);
    this.macsPerFrame = w1.length() + w2.length() + w3.length();
  }

  /** Multiply-adds per frame. */
  long macsPerFrame() {
    return macsPerFrame;
  }

  /**
   * @param x         module input [R, in]
   * @param gateInput calibrated gate input per row [R]
   * @return index of the largest logit per row, in [0, choices) (the first one on ties)
   */
  int[] choose(INDArray x, float[] gateInput) {
    int rows = gateInput.length;
    float[] h1 = rows <= JAVA_ROWS ? firstLayer(Nn.floats(x), rows)
        : Blas.AVAILABLE ? firstLayerBlas(x, rows) : Nn.floats(Nn.mm(x, w1x)); // [R, g]
    float[] h2 = new float[g];
    float[] logits = new float[choices];
    int[] out = new int[rows];
    for (int r = 0; r < rows; r++) {
      int o = r * g;
      System.arraycopy(b2, 0, h2, 0, g);
      // Layer 2 as a sum of scaled rows of W2 (vectorisable; skips the zeros ReLU made).
      for (int i = 0; i < g; i++) {
        float hi = h1[o + i] + gateInput[r] * w1b[i] + b1[i];
        if (hi <= 0f) continue;
        int wi = i * g;
        for (int j = 0; j < g; j++) h2[j] += hi * w2[wi + j];
      }
      System.arraycopy(b3, 0, logits, 0, choices);
      for (int i = 0; i < g; i++) {
        float hi = h2[i];
        if (hi <= 0f) continue;
        int wi = i * choices;
        for (int c = 0; c < choices; c++) logits[c] += hi * w3[wi + c];
      }
      int best = 0;
      for (int c = 1; c < choices; c++) if (logits[c] > logits[best]) best = c;
      out[r] = best;
    }
    return out;
  }

  /** x [R, in] · W1x [in, g] as one OpenBLAS call into this thread's scratch buffer. */
  private float[] firstLayerBlas(INDArray x, int rows) {
    AcmScratch sc = AcmScratch.get();
    sc.reserve(AcmScratch.H, (long) rows * g);
    Blas.gemm(Blas.address(Nn.contiguous(x)), Blas.address(w1x), sc.address(AcmScratch.H), rows, g, in);
    float[] h = new float[rows * g];
    sc.get(AcmScratch.H, 0, h, rows * g);
    return h;
  }

  /** x [R, in] · W1x [in, g] in Java, as a sum of scaled rows of W1x. */
  private float[] firstLayer(float[] x, int rows) {
    float[] h = new float[rows * g];
    for (int r = 0; r < rows; r++) {
      int o = r * g;
      for (int i = 0; i < in; i++) {
        float xi = x[r * in + i];
        int wi = i * g;
        for (int j = 0; j < g; j++) h[o + j] += xi * w1xv[wi + j];
      }
    }
    return h;
  }
}
