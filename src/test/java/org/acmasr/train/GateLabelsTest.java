package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GateLabelsTest {

  @Test
  void meanLabelFollowsTheBudgetAndHardFramesGetMore() {
    Random r = new Random(3);
    int frames = 4000;
    double[][] e = new double[frames][5]; // FFN: k = 0..4
    for (int f = 0; f < frames; f++) {
      // First half: quiet frames (small module output, error falls fast); second half: frames that
      // need many learners (large output, error falls slowly).
      double hardness = f < frames / 2 ? 0.2 : 0.9;
      double base = (f < frames / 2 ? 0.1 : 1) * (1 + r.nextDouble());
      for (int k = 0; k <= 4; k++) e[f][k] = base * Math.pow(hardness, k) * (k == 4 ? 0 : 1) + (k == 4 ? 0 : 1e-6);
    }
    for (double beta : new double[] {0.25, 0.5, 0.75}) {
      int[] l = GateLabels.labels(e, 0, beta);
      double mean = GateLabels.mean(l);
      assertEquals(beta * 4, mean, 0.25, "beta " + beta);
      double easy = 0;
      double hard = 0;
      for (int f = 0; f < frames; f++) {
        if (f < frames / 2) easy += l[f];
        else hard += l[f];
      }
      assertTrue(hard > easy, "beta " + beta + ": hard frames get more learners");
    }
    int[] full = GateLabels.labels(e, 0, 1.0);
    assertEquals(4.0, GateLabels.mean(full), 1e-9);
  }

  @Test
  void projectionsNeverGoBelowOne() {
    double[][] e = {{1.0, 0.5, 0.1, 0.0}, {1.0, 0.9, 0.8, 0.0}};
    int[] l = GateLabels.labels(e, 1, 0.25);
    for (int k : l) assertTrue(k >= 1 && k <= 4);
    assertArrayEquals(new int[] {1, 1}, l); // β·N = 1 is the minimum for projections
    int[] half = GateLabels.labels(e, 1, 0.5);
    assertTrue(half[1] >= half[0], "the slowly improving frame gets at least as many learners");
  }
}
