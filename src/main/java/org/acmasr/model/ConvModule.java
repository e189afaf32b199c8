package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Conformer-style convolution module of one layer, causal so that it streams exactly: LN, pointwise
 * d → 2d, GLU, depthwise convolution over the current frame and the K − 1 before it, LN, swish, pointwise
 * d → d. Frames before a stream's start count as zeros, in streaming and whole-utterance form alike; the
 * K − 1 GLU outputs a chunk leaves behind are the stream's history for the next chunk ({@link
 * EncoderCache}). Immutable.
 */
final class ConvModule {
  private final float[] lnG; // [d]
  private final float[] lnB;
  private final INDArray pw1W; // [d, 2d]: [value | gate]
  private final INDArray pw1B; // [2d]
  private final float[] dwW; // [K, d] row-major; row K − 1 weighs the current frame
  private final float[] dwB; // [d]
  private final float[] normG; // [d]
  private final float[] normB;
  private final INDArray pw2W; // [d, d]
  private final INDArray pw2B; // [d]
  private final int kernel;
  private final int d;

  ConvModule(float[] lnG, float[] lnB, INDArray pw1W, INDArray pw1B, float[] dwW, float[] dwB, float[] normG,
      float[] normB, INDArray pw2W, INDArray pw2B) {
    this.lnG = lnG;
    this.lnB = lnB;
    this.pw1W = pw1W;
    this.pw1B = pw1B;
    this.dwW = dwW;
    this.dwB = dwB;
    this.normG = normG;
    this.normB = normB;
    this.pw2W = pw2W;
    this.pw2B = pw2B;
    this.d = lnG.length;
    this.kernel = dwW.length / d;
  }

  /**
   * x [R, d] → the module's output [R, d] (to be added to x). Rows are segments of {@code segmentRows}
   * rows, one per stream, of which the first {@code valid[s]} are real frames; {@code history[s]} holds the
   * GLU outputs of the stream's last K − 1 frames [(K − 1)·d], oldest first, and is advanced in place.
   */
  INDArray forward(INDArray x, int segmentRows, int[] valid, float[][] history, boolean[] realRow,
      ComputeMeter meter) {
    int rows = (int) x.size(0);
    float[] u = Nn.floats(Nn.linear(Nn.layerNorm(x, lnG, lnB), pw1W, pw1B)); // [R, 2d]
    float[] glu = new float[rows * d]; // [R, d]
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < d; c++) {
        float gate = u[r * 2 * d + d + c];
        glu[r * d + c] = u[r * 2 * d + c] / (1f + (float) Math.exp(-gate));
      }
    }
    float[] z = new float[rows * d];
    int past = kernel - 1;
    for (int s = 0; s < valid.length; s++) {
      float[] h = history[s];
      int base = s * segmentRows;
      for (int i = 0; i < valid[s]; i++) {
        int o = (base + i) * d;
        System.arraycopy(dwB, 0, z, o, d);
        for (int k = 0; k < kernel; k++) {
          int t = i - past + k; // frame index within the segment; < 0 reads the history
          float[] src = t >= 0 ? glu : h;
          int so = t >= 0 ? (base + t) * d : (past + t) * d;
          int wo = k * d;
          for (int c = 0; c < d; c++) z[o + c] += dwW[wo + c] * src[so + c];
        }
      }
      advance(h, glu, base, valid[s]);
    }
    float[] n = Nn.floats(Nn.layerNorm(Nn.array(z, rows, d), normG, normB));
    for (int i = 0; i < n.length; i++) n[i] = n[i] / (1f + (float) Math.exp(-n[i])); // swish
    long macs = 3L * d * d + (long) kernel * d;
    for (int r = 0; r < rows; r++) if (realRow[r]) meter.fixed(r, macs);
    return Nn.linear(Nn.array(n, rows, d), pw2W, pw2B);
  }

  /** Appends a segment's {@code n} new GLU rows to its history, keeping the last K − 1. */
  private void advance(float[] h, float[] glu, int base, int n) {
    int past = kernel - 1;
    if (past == 0 || n == 0) return;
    int take = Math.min(n, past);
    int keep = past - take;
    System.arraycopy(h, take * d, h, 0, keep * d);
    System.arraycopy(glu, (base + n - take) * d, h, keep * d, take * d);
  }
}
