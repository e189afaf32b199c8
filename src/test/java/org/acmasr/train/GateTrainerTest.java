package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Phase 2: a gate learns labels that depend on both the frame and the budget. */
class GateTrainerTest {

  @Test
  void gateLearnsBudgetDependentLabels() {
    Nd4j.getRandom().setSeed(11);
    int rows = 3000;
    int in = 8;
    int g = 16;
    INDArray x = Nd4j.randn(DataType.FLOAT, rows, in);
    double[] betas = {0.25, 0.5, 1.0};
    int[][] labels = new int[betas.length][rows];
    for (int i = 0; i < rows; i++) {
      boolean loud = x.getDouble(i, 0) > 0; // "hard" frames: first feature positive
      labels[0][i] = loud ? 2 : 0;
      labels[1][i] = loud ? 3 : 1;
      labels[2][i] = 4;
    }
    GateTrainer t = new GateTrainer(Nd4j.randn(DataType.FLOAT, in + 1, g).muli(0.3), Nd4j.zeros(DataType.FLOAT, g),
        Nd4j.randn(DataType.FLOAT, g, g).muli(0.3), Nd4j.zeros(DataType.FLOAT, g), Nd4j.randn(DataType.FLOAT, g, 5).muli(0.3),
        Nd4j.zeros(DataType.FLOAT, 5));
    double before = t.accuracy(x, labels[1], 0.5);
    t.train(x, labels, betas, 600, 128, 1e-2, 3);
    for (int b = 0; b < betas.length; b++) {
      double acc = t.accuracy(x, labels[b], betas[b]);
      assertTrue(acc > 0.9, "budget " + betas[b] + ": accuracy " + acc + " (before training " + before + ")");
    }
  }
}
