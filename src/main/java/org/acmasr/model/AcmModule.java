package org.acmasr.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adaptive Computation Module: N learners whose outputs add up, h(x, k) = b2·[k ≥ 1] + Σ_{n ≤ k} s_n(x)
 * with s_n(x) = act(x·W1_n + b1_n)·W2_n. A gate picks k per frame (argmax over its logits); without a
 * gate every frame runs k = N (the static teacher).
 *
 * <p>Execution is batched over all frames of all streams in a call: rows are sorted by k (descending)
 * so the rows choosing exactly k = j form one contiguous block, and that block runs learners 1..j as
 * one pair of matmuls against the first j·b columns of W1 and rows of W2 (prefix slices precomputed
 * once). Rows with k = 0 cost nothing. Results go back to the original row order with one gather.
 * Wall-clock therefore falls with the number of learners that run, not only the counted FLOPs.
 */
final class AcmModule implements Projection {
  private final int learners; // N
  private final int width; // b, hidden units (FFN) or rank (projection) per learner
  private final int in;
  private final int out;
  private final boolean canSkip; // k may be 0 (FFN) or must be >= 1 (projection)
  private final Activation activation;
  private final INDArray b2; // [out]
  private final INDArray[] w1Prefix; // [j] → [in, j·b], j = 1..N
  private final INDArray[] b1Prefix; // [j] → [j·b]
  private final INDArray[] w2Prefix; // [j] → [j·b, out]
  private final Gate gate; // null: static, k = N everywhere
  private final long learnerMacs; // per learner per frame

  AcmModule(INDArray w1, INDArray b1, INDArray w2, INDArray b2, Gate gate, int learners, boolean canSkip,
      Activation activation) {
    this.learners = learners;
    this.in = (int) w1.size(0);
    this.out = (int) w2.size(1);
    this.width = (int) (w1.size(1) / learners);
    this.canSkip = canSkip;
    this.activation = activation;
    this.b2 = b2;
    this.gate = gate;
    this.w1Prefix = new INDArray[learners + 1];
    this.b1Prefix = new INDArray[learners + 1];
    this.w2Prefix = new INDArray[learners + 1];
    for (int j = 1; j <= learners; j++) {
      long cols = (long) j * width;
      w1Prefix[j] = w1.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cols)).dup('c');
      b1Prefix[j] = b1.get(NDArrayIndex.interval(0, cols)).dup('c');
      w2Prefix[j] = w2.get(NDArrayIndex.interval(0, cols), NDArrayIndex.all()).dup('c');
    }
    this.learnerMacs = (long) in * width + (long) width * out;
  }

  int learners() {
    return learners;
  }

  /** Multiply-adds of one learner on one frame. */
  long learnerMacs() {
    return learnerMacs;
  }

  long gateMacs() {
    return gate == null ? 0 : gate.macsPerFrame();
  }

  /** Learners chosen per row; 0 for invalid rows. */
  int[] choose(INDArray x, float[] gateInput, boolean[] valid) {
    int rows = valid.length;
    int[] k = new int[rows];
    if (gate == null) {
      for (int r = 0; r < rows; r++) k[r] = valid[r] ? learners : 0;
      return k;
    }
    int[] choice = gate.choose(x, gateInput);
    for (int r = 0; r < rows; r++) k[r] = valid[r] ? choice[r] + (canSkip ? 0 : 1) : 0;
    return k;
  }

  @Override
  public INDArray forward(INDArray x, float[] gateInput, boolean[] valid, ComputeMeter meter) {
    int[] k = choose(x, gateInput, valid);
    meter.adaptiveStatic(learners * learnerMacs);
    for (int r = 0; r < k.length; r++) {
      if (valid[r]) meter.adaptive(r, k[r] * learnerMacs + gateMacs());
    }
    return run(x, k);
  }

  /** Runs the learners given k per row: x [R, in] → [R, out]. */
  INDArray run(INDArray x, int[] k) {
    int rows = k.length;
    // Counting sort of rows by k, descending; k = 0 rows last.
    int[] count = new int[learners + 1];
    for (int v : k) count[v]++;
    int[] start = new int[learners + 2];
    for (int j = learners, pos = 0; j >= 0; j--) {
      start[j] = pos;
      pos += count[j];
    }
    int[] order = new int[rows]; // sorted position → original row
    int[] inverse = new int[rows]; // original row → sorted position
    int[] next = start.clone();
    boolean identity = true;
    for (int r = 0; r < rows; r++) {
      int p = next[k[r]]++;
      order[p] = r;
      inverse[r] = p;
      identity &= p == r;
    }
    for (int j = 1; j <= learners; j++) {
      if (count[j] == rows) {
        // Every row runs the same j learners (the static model, or a uniform choice): one dense pass.
        INDArray h = activation.applyInPlace(Nn.mm(x, w1Prefix[j]).addiRowVector(b1Prefix[j]));
        return Nn.mm(h, w2Prefix[j]).addiRowVector(b2);
      }
    }
    INDArray xs = identity ? x : Nd4j.pullRows(x, 1, order); // [R, in], sorted by k descending
    INDArray ys = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, out}, 'c');
    int active = rows - count[0];
    for (int j = learners; j >= 1; j--) {
      int m = count[j];
      if (m == 0) continue;
      int from = start[j];
      INDArray xj = xs.get(NDArrayIndex.interval(from, from + m), NDArrayIndex.all());
      INDArray h = activation.applyInPlace(Nn.mm(xj, w1Prefix[j]).addiRowVector(b1Prefix[j])); // [m, j·b]
      Nn.mm(h, w2Prefix[j], ys.get(NDArrayIndex.interval(from, from + m), NDArrayIndex.all())); // rows are contiguous
    }
    if (active > 0) {
      ys.get(NDArrayIndex.interval(0, active), NDArrayIndex.all()).addiRowVector(b2);
    }
    if (active < rows) {
      ys.get(NDArrayIndex.interval(active, rows), NDArrayIndex.all()).assign(0);
    }
    return identity ? ys : Nd4j.pullRows(ys, 1, inverse);
  }
}
