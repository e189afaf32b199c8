package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A linear map over frames (dense, or an ACM whose learners are gated per frame). Immutable, shareable. */
interface Projection {
  /**
   * @param x         input rows [R, in]
   * @param gateInput calibrated gate input per row [R] (a requested budget mapped by {@link BudgetCalibration})
   * @param valid     rows that are real frames (padding rows cost nothing and are left at zero)
   * @param meter     receives the multiply-adds spent per row
   * @return output rows [R, out]
   */
  INDArray forward(INDArray x, float[] gateInput, boolean[] valid, ComputeMeter meter);
}
