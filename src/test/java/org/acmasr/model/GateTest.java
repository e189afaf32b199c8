package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The gate chooses the same per row whether its first layer runs in Java (few rows) or as a gemm. */
class GateTest {
  @Test
  void javaAndGemmFirstLayersChooseAlike() {
    Nd4j.getRandom().setSeed(4);
    int in = 20;
    int g = 16;
    Gate gate = new Gate(Nd4j.randn(DataType.FLOAT, in + 1, g), Nd4j.randn(DataType.FLOAT, g),
        Nd4j.randn(DataType.FLOAT, g, g), Nd4j.randn(DataType.FLOAT, g), Nd4j.randn(DataType.FLOAT, g, 5),
        Nd4j.randn(DataType.FLOAT, 5));
    int rows = 4 * Gate.JAVA_ROWS;
    INDArray x = Nd4j.randn(DataType.FLOAT, rows, in);
    float[] beta = new float[rows];
    for (int r = 0; r < rows; r++) beta[r] = (r % 10) / 10f;
    int[] all = gate.choose(x, beta); // gemm path
    int[] pieces = new int[rows];
    for (int from = 0; from < rows; from += 8) { // Java path
      INDArray part = x.get(NDArrayIndex.interval(from, from + 8), NDArrayIndex.all()).dup('c');
      System.arraycopy(gate.choose(part, Arrays.copyOfRange(beta, from, from + 8)), 0, pieces, from, 8);
    }
    assertArrayEquals(all, pieces);
  }
}
