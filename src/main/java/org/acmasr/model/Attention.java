package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Combines per-layer q, k, v rows into attention outputs; streaming and whole-utterance forms. */
interface Attention {
  /**
   * @param layer layer index (selects the cache)
   * @param qkv   row-major [R, 3d]: each row is [q (d) | k (d) | v (d)]
   * @return [R, d] attention output (before the output projection)
   */
  INDArray attend(int layer, float[] qkv, ComputeMeter meter);

  /** Rows per stream segment: C when streaming (B segments), T for a whole utterance (one segment). */
  int segmentRows();

  /** Real frames in each segment. */
  int[] validRows();

  /** Each segment's convolution history of layer {@code layer} ({@link ConvModule#forward}), advanced in place. */
  float[][] convHistory(int layer);
}
