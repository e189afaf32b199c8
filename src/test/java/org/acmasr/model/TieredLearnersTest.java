package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tiered execution equals a straightforward reference (each row's first k learners, learner by
 * learner, in double precision) for all-zero, all-N, mixed and skip-heavy k patterns, at row counts
 * from one chunk to a batch, whatever the tier cut: one tier, one per k, and the planner's own.
 */
class TieredLearnersTest {
  private static final int IN = 24;
  private static final int N = 4;

  private record Weights(float[] w1, float[] b1, float[] w2, float[] b2, int width, int out) {
    static Weights random(Random r, int width, int out) {
      return new Weights(rnd(r, IN * N * width), rnd(r, N * width), rnd(r, N * width * out), rnd(r, out), width, out);
    }

    AcmModule module(boolean canSkip, Activation act) {
      return new AcmModule(Nn.array(w1, IN, N * width), Nn.array(b1, N * width), Nn.array(w2, N * width, out),
          Nn.array(b2, out), null, N, canSkip, act);
    }

    /** Row r of x through its first k learners: b2 + Σ_n act(x·W1_n + b1_n)·W2_n; 0 when k = 0. */
    float[] reference(float[] x, int r, int k, Activation act) {
      float[] y = new float[out];
      if (k == 0) return y;
      double[] acc = new double[out];
      for (int o = 0; o < out; o++) acc[o] = b2[o];
      for (int u = 0; u < k * width; u++) { // learner n owns units [n·b, (n + 1)·b)
        double h = b1[u];
        for (int i = 0; i < IN; i++) h += (double) x[r * IN + i] * w1[i * N * width + u];
        if (act == Activation.GELU) h = h / (1 + Math.exp(-1.702 * h));
        for (int o = 0; o < out; o++) acc[o] += h * w2[u * out + o];
      }
      for (int o = 0; o < out; o++) y[o] = (float) acc[o];
      return y;
    }
  }

  private static float[] rnd(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 0.3);
    return v;
  }

  private static int[] pattern(String kind, int rows, boolean canSkip, Random r) {
    int lo = canSkip ? 0 : 1;
    int[] k = new int[rows];
    for (int i = 0; i < rows; i++) {
      k[i] = switch (kind) {
        case "zero" -> 0;
        case "full" -> N;
        case "mixed" -> lo + r.nextInt(N + 1 - lo);
        case "skips" -> r.nextInt(3) == 0 ? lo + r.nextInt(N + 1 - lo) : lo; // mostly k = 0 (FFN) / 1
        case "two" -> r.nextBoolean() ? N : Math.max(lo, 1); // two distinct k far apart
        default -> throw new IllegalArgumentException(kind);
      };
    }
    return k;
  }

  @ParameterizedTest
  @CsvSource({"zero, true", "full, true", "mixed, true", "skips, true", "two, true", "full, false", "mixed, false",
      "skips, false", "two, false"})
  void equalsLearnerByLearnerReference(String kind, boolean ffn) {
    Random r = new Random(kind.hashCode() * 31 + (ffn ? 1 : 0));
    Activation act = ffn ? Activation.GELU : Activation.IDENTITY;
    Weights w = ffn ? Weights.random(r, 6, IN) : Weights.random(r, 3, 3 * IN);
    AcmModule module = w.module(ffn, act);
    for (int rows : new int[] {1, 8, 37, 256}) {
      float[] x = rnd(r, rows * IN);
      int[] k = pattern(kind, rows, ffn, r);
      if (kind.equals("zero") && !ffn) continue; // projections never skip
      float[] got;
      try (MemoryWorkspace ws = Workspaces.forward()) { // as in the model, and the scratch outlives it
        got = Nn.floats(module.run(Nn.array(x, rows, IN), k));
      }
      for (int i = 0; i < rows; i++) {
        float[] ref = w.reference(x, i, k[i], act);
        for (int o = 0; o < w.out; o++) {
          assertEquals(ref[o], got[i * w.out + o], 1e-5, kind + " rows " + rows + " row " + i + " k " + k[i]);
        }
      }
    }
  }

  /**
   * Every tier cut gives the same rows: one tier for all, one per distinct k, the planner's; through
   * OpenBLAS directly (the CPU backend's path) and through ND4J (every other backend's).
   */
  @ParameterizedTest
  @CsvSource({"0, true", "1, true", "1000000000, true", "0, false", "1, false", "1000000000, false"})
  void anyTierCutGivesTheSameResult(long overheadMacs, boolean direct) {
    Random r = new Random(9);
    Weights w = Weights.random(r, 6, IN);
    AcmModule reference = w.module(true, Activation.GELU);
    int rows = 53;
    float[] x = rnd(r, rows * IN);
    int[] k = pattern("mixed", rows, true, r);
    RowsByK sorted = new RowsByK(k, N);
    LearnerTiers tiers = LearnerTiers.plan(sorted, 1, overheadMacs);
    if (overheadMacs == 0) assertEquals(distinctNonZero(k), tiers.count, "no overhead: one tier per k");
    if (overheadMacs > 1) assertEquals(1, tiers.count, "huge overhead: one tier");
    TieredLearners t = new TieredLearners(prefixes(w.w1, IN, w.width, true), w.b1, prefixes(w.w2, w.width, w.out, false),
        w.b2, w.width, Activation.GELU, overheadMacs, direct);
    float[] got = Nn.floats(t.run(Nn.array(x, rows, IN), sorted));
    float[] want = Nn.floats(reference.run(Nn.array(x, rows, IN), k));
    assertArrayEquals(want, got, 1e-5f);
  }

  @org.junit.jupiter.api.Test
  void theCpuBackendTakesTheDirectPath() {
    org.junit.jupiter.api.Assertions.assertTrue(Blas.AVAILABLE, "ND4J's CPU backend with OpenBLAS: " + Nd4j.getBackend());
  }

  private static int distinctNonZero(int[] k) {
    return (int) Arrays.stream(k).filter(v -> v > 0).distinct().count();
  }

  /** [j] → W1[:, :j·b] ({@code columns}) or W2[:j·b, :] as c-order arrays. */
  private static INDArray[] prefixes(float[] w, int a, int b, boolean columns) {
    INDArray[] p = new INDArray[N + 1];
    for (int j = 1; j <= N; j++) {
      if (columns) {
        INDArray full = Nn.array(w, a, (long) N * b);
        p[j] = full.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(0, (long) j * b)).dup('c');
      } else {
        p[j] = Nn.array(Arrays.copyOf(w, j * a * b), (long) j * a, b);
      }
    }
    return p;
  }

  static {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }
}
