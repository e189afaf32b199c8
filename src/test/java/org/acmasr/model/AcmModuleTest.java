package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AcmModuleTest {
  private static final int IN = 12;
  private static final int N = 4;
  private static final int B = 5; // hidden units per learner
  private static final int OUT = 12;

  private final Random r = new Random(3);
  private final INDArray w1 = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, IN, N * B).subi(0.5);
  private final INDArray b1 = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, N * B).subi(0.5);
  private final INDArray w2 = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, N * B, OUT).subi(0.5);
  private final INDArray b2 = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, OUT).subi(0.5);

  /** Reference: the first k learners of one row, computed learner by learner. */
  private float[] reference(INDArray x, int k) {
    INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, OUT);
    if (k == 0) return y.toFloatVector();
    y.addi(b2.reshape(1, OUT));
    for (int n = 0; n < k; n++) {
      INDArray w1n = w1.get(NDArrayIndex.all(), NDArrayIndex.interval(n * B, (n + 1) * B));
      INDArray b1n = b1.get(NDArrayIndex.interval(n * B, (n + 1) * B));
      INDArray w2n = w2.get(NDArrayIndex.interval(n * B, (n + 1) * B), NDArrayIndex.all());
      INDArray h = Nn.geluInPlace(x.mmul(w1n).addRowVector(b1n));
      y.addi(h.mmul(w2n));
    }
    return y.toFloatVector();
  }

  @Test
  void staticModuleEqualsTheDenseFfn() {
    AcmModule m = new AcmModule(w1, b1, w2, b2, null, N, true, Activation.GELU);
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 7, IN);
    boolean[] valid = new boolean[7];
    java.util.Arrays.fill(valid, true);
    INDArray got = m.forward(x, new float[7], valid, new ComputeMeter(1, 7));
    INDArray dense = Nn.geluInPlace(x.mmul(w1).addRowVector(b1)).mmul(w2).addRowVector(b2);
    assertTrue(got.equalsWithEps(dense, 1e-5), "k = N must equal the unsplit FFN");
  }

  @Test
  void mixedChoicesPerRowMatchLearnerByLearnerSums() {
    AcmModule m = new AcmModule(w1, b1, w2, b2, null, N, true, Activation.GELU);
    int rows = 40;
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, IN);
    int[] k = new int[rows];
    for (int i = 0; i < rows; i++) k[i] = r.nextInt(N + 1);
    INDArray got = m.run(x, k);
    for (int i = 0; i < rows; i++) {
      float[] ref = reference(x.getRow(i, true), k[i]);
      float[] row = got.getRow(i).toFloatVector();
      for (int j = 0; j < OUT; j++) assertEquals(ref[j], row[j], 1e-5, "row " + i + " k=" + k[i]);
    }
  }
}
