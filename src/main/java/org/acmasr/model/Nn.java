package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Eager ND4J building blocks shared by every layer. Rows are frames: x is [R, features]. */
final class Nn {
  static final double LN_EPS = 1e-5;

  private Nn() {}

  /** x [R, in] · w [in, out] + b [out] → [R, out]. */
  static INDArray linear(INDArray x, INDArray w, INDArray b) {
    return x.mmul(w).addiRowVector(b);
  }

  /** Layer norm over the last dimension of x [R, d] with gain g [d] and bias b [d]; eps 1e-5. */
  static INDArray layerNorm(INDArray x, INDArray g, INDArray b) {
    INDArray mean = x.mean(true, 1); // [R, 1]
    INDArray xc = x.subColumnVector(mean);
    INDArray var = xc.mul(xc).mean(true, 1);
    INDArray inv = Transforms.pow(var.addi(LN_EPS), -0.5, false);
    return xc.muliColumnVector(inv).muliRowVector(g).addiRowVector(b);
  }

  /** ND4J's GELU (the same op SameDiff's {@code nn.gelu} uses in training), in place. */
  static INDArray geluInPlace(INDArray x) {
    Nd4j.exec(new GELU(x, x));
    return x;
  }

  static INDArray reluInPlace(INDArray x) {
    return Transforms.relu(x, false);
  }

  /** Softmax over the last dimension, in place. */
  static INDArray softmaxLastDimInPlace(INDArray x) {
    Nd4j.exec(new SoftMax(x, x, x.rank() - 1));
    return x;
  }

  /** Log-softmax over rows of x [R, V]. */
  static INDArray logSoftmaxRows(INDArray x) {
    return Nd4j.exec(new LogSoftMax(x, 1))[0];
  }

  static INDArray fromTensor(Tensor t) {
    return Nd4j.create(t.data(), t.shape(), 'c');
  }
}
