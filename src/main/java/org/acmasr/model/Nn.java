package org.acmasr.model;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Eager ND4J building blocks shared by every layer. Rows are frames: x is [R, features]. */
final class Nn {
  static final double LN_EPS = ModelConfig.LAYER_NORM_EPS;

  private Nn() {}

  /** x [R, in] · w [in, out] + b [out] → [R, out]. */
  static INDArray linear(INDArray x, INDArray w, INDArray b) {
    return mm(x, w).addiRowVector(b);
  }

  /**
   * a [m, k] · b [k, n] through ND4J's BLAS gemm. {@code INDArray.mmul} routes through the generic
   * matmul op, measured 3-6x slower on these shapes (512x144 · 144x576: 5.1 ms vs 0.79 ms).
   */
  static INDArray mm(INDArray a, INDArray b) {
    return Nd4j.gemm(contiguous(a), b, false, false);
  }

  /** a · b written into {@code out} (a contiguous row block of a c-order array). */
  static void mm(INDArray a, INDArray b, INDArray out) {
    Nd4j.gemm(contiguous(a), b, out, false, false, 1.0, 0.0);
  }

  /** {@code a} itself when its elements lie row-major and contiguous from its offset, else such a copy. */
  static INDArray contiguous(INDArray a) {
    return a.ordering() == 'c' && (!a.isView() || a.elementWiseStride() == 1) ? a : a.dup('c');
  }

  /**
   * Layer norm over the last dimension of x [R, d] with gain g [d] and bias b [d]; eps 1e-5
   * (biased variance, as SameDiff's standardize). Computed in Java: one pass per row instead of nine
   * ND4J broadcast ops, which cost ~10x more on these shapes.
   */
  static INDArray layerNorm(INDArray x, float[] g, float[] b) {
    int rows = (int) x.size(0);
    int d = (int) x.size(1);
    float[] v = floats(x);
    for (int r = 0; r < rows; r++) {
      int o = r * d;
      double mean = 0;
      for (int i = 0; i < d; i++) mean += v[o + i];
      mean /= d;
      double var = 0;
      for (int i = 0; i < d; i++) {
        double c = v[o + i] - mean;
        var += c * c;
      }
      float inv = (float) (1.0 / Math.sqrt(var / d + LN_EPS));
      float m = (float) mean;
      for (int i = 0; i < d; i++) v[o + i] = (v[o + i] - m) * inv * g[i] + b[i];
    }
    return array(v, rows, d);
  }

  /**
   * Row-major copy of any array's values. Bulk-copies from the native buffer (ND4J's own
   * toFloatVector/asFloat go element by element and cost ~50x more on large arrays).
   */
  static float[] floats(INDArray a) {
    INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    float[] out = new float[(int) c.length()];
    FloatBuffer fb = c.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    fb.position((int) c.offset());
    fb.get(out);
    return out;
  }

  /** A new c-order array holding {@code v} (bulk copy into native memory; in the current workspace). */
  static INDArray array(float[] v, long... shape) {
    INDArray x = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    x.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(v, 0, (int) x.length());
    return x;
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
