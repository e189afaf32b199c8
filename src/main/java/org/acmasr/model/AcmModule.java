package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adaptive Computation Module: N learners whose outputs add up, h(x, k) = b2·[k ≥ 1] + Σ_{n ≤ k} s_n(x)
 * with s_n(x) = act(x·W1_n + b1_n)·W2_n. A gate picks k per frame (argmax over its logits); without a
 * gate every frame runs k = N (the static teacher).
 *
 * <p>Execution is batched over all frames of all streams in a call ({@link TieredLearners}): rows are
 * sorted by k (descending), cut into a few tiers ({@link LearnerTiers}) and each tier runs learners
 * 1..k_tier as one pair of gemms against the first k_tier·b columns of W1 and rows of W2 (prefix slices
 * precomputed once), with the hidden units beyond a row's own k zeroed. Rows with k = 0 cost nothing.
 * The cut weighs the tens of µs of each ND4J call against the multiply-adds it saves, so wall-clock
 * falls with the learners that run at every batch size, not only the counted FLOPs.
 */
final class AcmModule implements Projection {
  private final int learners; // N
  private final boolean canSkip; // k may be 0 (FFN) or must be >= 1 (projection)
  private final Gate gate; // null: static, k = N everywhere
  private final TieredLearners tiered; // any mix of k per row
  private final long learnerMacs; // per learner per frame

  AcmModule(INDArray w1, INDArray b1, INDArray w2, INDArray b2, Gate gate, int learners, boolean canSkip,
      Activation activation) {
    this.learners = learners;
    int in = (int) w1.size(0); // w1 [in, N·b], b1 [N·b], w2 [N·b, out], b2 [out]
    int out = (int) w2.size(1);
    int width = (int) (w1.size(1) / learners); // b, hidden units (FFN) or rank (projection) per learner
    this.canSkip = canSkip;
    this.gate = gate;
    INDArray[] w1Prefix = new INDArray[learners + 1]; // [j] → [in, j·b], j = 1..N
    INDArray[] w2Prefix = new INDArray[learners + 1]; // [j] → [j·b, out]
    for (int j = 1; j <= learners; j++) {
      long cols = (long) j * width;
      w1Prefix[j] = w1.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cols)).dup('c');
      w2Prefix[j] = w2.get(NDArrayIndex.interval(0, cols), NDArrayIndex.all()).dup('c');
    }
    this.learnerMacs = (long) in * width + (long) width * out;
    this.tiered = new TieredLearners(w1Prefix, Nn.floats(b1), w2Prefix, Nn.floats(b2), width, activation,
        LearnerTiers.TIER_OVERHEAD_MACS);
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
    return tiered.run(x, new RowsByK(k, learners));
  }
}
