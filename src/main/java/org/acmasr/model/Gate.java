package org.acmasr.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-frame gating network of one ACM: a 3-layer MLP over the module input and the requested budget β,
 * {@code [x, β] → relu(·W1+b1) → relu(·W2+b2) → ·W3+b3}, one logit per choice. Inference takes the
 * argmax. Immutable.
 */
final class Gate {
  private final INDArray w1; // [in + 1, g]
  private final INDArray b1; // [g]
  private final INDArray w2; // [g, g]
  private final INDArray b2; // [g]
  private final INDArray w3; // [g, choices]
  private final INDArray b3; // [choices]
  private final long macsPerFrame;

  Gate(INDArray w1, INDArray b1, INDArray w2, INDArray b2, INDArray w3, INDArray b3) {
    this.w1 = w1;
    this.b1 = b1;
    this.w2 = w2;
    this.b2 = b2;
    this.w3 = w3;
    this.b3 = b3;
    this.macsPerFrame = w1.length() + w2.length() + w3.length();
  }

  /** Multiply-adds per frame. */
  long macsPerFrame() {
    return macsPerFrame;
  }

  /**
   * @param x    module input [R, in]
   * @param beta requested budget per row [R]
   * @return index of the largest logit per row, in [0, choices)
   */
  int[] choose(INDArray x, float[] beta) {
    INDArray b = Nd4j.create(beta, new long[] {beta.length, 1}, 'c');
    INDArray xb = Nd4j.hstack(x, b.castTo(DataType.FLOAT)); // [R, in + 1]
    INDArray h = Nn.reluInPlace(Nn.linear(xb, w1, b1));
    h = Nn.reluInPlace(Nn.linear(h, w2, b2));
    INDArray logits = Nn.linear(h, w3, b3); // [R, choices]
    return Nd4j.argMax(logits, 1).toIntVector();
  }
}
