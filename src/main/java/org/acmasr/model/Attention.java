package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Combines per-layer q, k, v rows into attention outputs; streaming and whole-utterance forms. */
interface Attention {
  /**
   * @param layer layer index (selects the cache)
   * @param q     [R, d] queries
   * @param k     [R, d] keys of the current rows
   * @param v     [R, d] values of the current rows
   * @return [R, d] attention output (before the output projection)
   */
  INDArray attend(int layer, INDArray q, INDArray k, INDArray v, ComputeMeter meter);
}
