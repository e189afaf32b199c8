package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A plain dense layer y = x·W + b, counted as fixed cost. */
final class DenseProjection implements Projection {
  private final INDArray w; // [in, out]
  private final INDArray b; // [out]

  DenseProjection(INDArray w, INDArray b) {
    this.w = w;
    this.b = b;
  }

  @Override
  public INDArray forward(INDArray x, float[] gateInput, boolean[] valid, ComputeMeter meter) {
    long macs = w.length();
    for (int r = 0; r < valid.length; r++) if (valid[r]) meter.fixed(r, macs);
    return Nn.linear(x, w, b);
  }
}
