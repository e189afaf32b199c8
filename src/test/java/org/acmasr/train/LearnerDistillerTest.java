package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Phase 1: training the learners makes every partial sum a better approximation of the teacher module. */
class LearnerDistillerTest {

  @Test
  void partialSumsApproachTheTeacher() {
    Nd4j.getRandom().setSeed(5);
    int in = 16;
    int hidden = 64;
    int n = 4;
    INDArray w1 = Nd4j.randn(DataType.FLOAT, in, hidden).muli(0.5);
    INDArray b1 = Nd4j.randn(DataType.FLOAT, hidden).muli(0.1);
    INDArray w2 = Nd4j.randn(DataType.FLOAT, hidden, in).muli(0.2);
    INDArray b2 = Nd4j.randn(DataType.FLOAT, in).muli(0.1);
    INDArray x = Nd4j.randn(DataType.FLOAT, 2000, in);
    // The teacher module: the full FFN.
    INDArray y = x.mmul(w1).addRowVector(b1);
    Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.GELU(y, y));
    y = y.mmul(w2).addRowVector(b2);
    // Student initialised as the teacher split into learners (k = N exact).
    LearnerDistiller d = new LearnerDistiller(w1, b1, w2, b2, n, true);
    double[] before = d.errors(x, y);
    assertTrue(before[n - 1] < 1e-8, "k = N starts exact: " + before[n - 1]);
    d.train(x, y, 300, 256, 3e-3, 1);
    double[] after = d.errors(x, y);
    for (int k = 0; k < n - 1; k++) {
      assertTrue(after[k] < 0.8 * before[k], "k=" + (k + 1) + ": " + Arrays.toString(before) + " -> " + Arrays.toString(after));
    }
    // Equal weights for every k (as in the paper) trade a little of k = N for much better partial sums;
    // phase 3 fine-tunes end to end afterwards. Measured: k=1..4 MSE 3.46/2.16/1.04/0 -> 1.04/0.52/0.30/0.20.
    assertTrue(after[n - 1] < 0.1 * before[0], "k = N stays close: " + Arrays.toString(before) + " -> " + Arrays.toString(after));
    for (int k = 1; k < n; k++) assertTrue(after[k] <= after[k - 1] * 1.05, "more learners, less error: " + Arrays.toString(after));
  }
}
