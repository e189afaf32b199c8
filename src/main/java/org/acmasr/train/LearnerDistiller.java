package org.acmasr.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Phase 1 of ACMization (representation distillation) for one module: the N learners are trained so
 * that every partial sum h(x, k) = b2 + Σ_{n ≤ k} s_n(x), k = 1..N, approximates the teacher module's
 * output f(x). Loss: Σ_k mean‖h(x, k) − f(x)‖² over frames of real data. Modules are independent, so
 * callers may run several in parallel.
 */
public final class LearnerDistiller {
  private final SameDiff sd = SameDiff.create();
  private final int learners;
  private final boolean gelu;
  private final List<String> weights = List.of("w1", "b1", "w2", "b2");
  private final String[] partialErrors;

  /**
   * @param w1 [in, N·b], b1 [N·b], w2 [N·b, out], b2 [out]: the student's initial learners
   * @param gelu hidden activation (FFN) or identity (projection)
   */
  public LearnerDistiller(INDArray w1, INDArray b1, INDArray w2, INDArray b2, int learners, boolean gelu) {
    this.learners = learners;
    this.gelu = gelu;
    int width = (int) (w1.size(1) / learners);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, w1.size(0));
    SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, w2.size(1));
    SDVariable vw1 = sd.var("w1", w1.dup());
    SDVariable vb1 = sd.var("b1", b1.dup());
    SDVariable vw2 = sd.var("w2", w2.dup());
    SDVariable vb2 = sd.var("b2", b2.dup());
    SDVariable h = x.mmul(vw1).add(vb1);
    if (gelu) h = sd.nn.gelu(h);
    SDVariable partial = null;
    SDVariable loss = null;
    partialErrors = new String[learners];
    for (int n = 0; n < learners; n++) {
      SDVariable hn = h.get(SDIndex.all(), SDIndex.interval(n * width, (n + 1) * width));
      SDVariable wn = vw2.get(SDIndex.interval(n * width, (n + 1) * width), SDIndex.all());
      SDVariable c = hn.mmul(wn);
      partial = partial == null ? c.add(vb2) : partial.add(c);
      SDVariable diff = partial.sub(y);
      SDVariable mse = diff.mul(diff).mean().rename("mse_" + (n + 1));
      partialErrors[n] = mse.name();
      loss = loss == null ? mse : loss.add(mse);
    }
    loss.rename("loss");
    sd.setLossVariables("loss");
    Quietly.createGradients(sd);
  }

  /** Mean squared error of every partial sum k = 1..N on the given rows. */
  public double[] errors(INDArray x, INDArray y) {
    Map<String, INDArray> out = sd.output(Map.of("x", x, "y", y), partialErrors);
    double[] e = new double[learners];
    for (int k = 0; k < learners; k++) e[k] = out.get(partialErrors[k]).getDouble(0);
    return e;
  }

  /**
   * Trains on random minibatches of rows.
   *
   * @return the loss of the last step
   */
  public double train(INDArray x, INDArray y, int steps, int batchRows, double lr, long seed) {
    Adam adam = new Adam(0.9, 0.999, 1e-8, 1.0);
    SplittableRandom rnd = new SplittableRandom(seed);
    int rows = (int) x.size(0);
    double last = Double.NaN;
    Map<String, INDArray> params = new LinkedHashMap<>();
    for (String w : weights) params.put(w, sd.getVariable(w).getArr());
    for (int s = 0; s < steps; s++) {
      int[] idx = new int[Math.min(batchRows, rows)];
      for (int i = 0; i < idx.length; i++) idx[i] = rnd.nextInt(rows);
      INDArray xb = Nd4j.pullRows(x, 1, idx);
      INDArray yb = Nd4j.pullRows(y, 1, idx);
      Map<String, INDArray> grads = sd.calculateGradients(Map.of("x", xb, "y", yb), weights);
      adam.update(params, grads, lr);
      if (s == steps - 1) last = sd.output(Map.of("x", xb, "y", yb), "loss").get("loss").getDouble(0);
    }
    return last;
  }

  /**
   * Per-row squared errors ‖h(x, k) − f(x)‖² of every partial sum, k = kMin..N, for phase 2's
   * labels. With {@code includeZero} (FFN modules) column 0 is k = 0, whose output is 0.
   *
   * @return [rows][N + 1] with includeZero, else [rows][N] for k = 1..N
   */
  public double[][] rowErrors(INDArray x, INDArray y, boolean includeZero) {
    INDArray w1 = sd.getVariable("w1").getArr();
    INDArray b1 = sd.getVariable("b1").getArr();
    INDArray w2 = sd.getVariable("w2").getArr();
    INDArray b2 = sd.getVariable("b2").getArr();
    int width = (int) (w1.size(1) / learners);
    INDArray h = x.mmul(w1).addiRowVector(b1);
    if (gelu) Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.GELU(h, h));
    int rows = (int) x.size(0);
    int cols = includeZero ? learners + 1 : learners;
    double[][] e = new double[rows][cols];
    int c0 = 0;
    if (includeZero) {
      double[] z = y.mul(y).sum(1).castTo(DataType.DOUBLE).toDoubleVector();
      for (int r = 0; r < rows; r++) e[r][0] = z[r];
      c0 = 1;
    }
    INDArray partial = Nd4j.zeros(y.dataType(), y.shape()).addiRowVector(b2);
    for (int n = 0; n < learners; n++) {
      INDArray hn = h.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
          org.nd4j.linalg.indexing.NDArrayIndex.interval(n * width, (n + 1) * width));
      INDArray wn = w2.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n * width, (n + 1) * width),
          org.nd4j.linalg.indexing.NDArrayIndex.all());
      partial.addi(hn.mmul(wn));
      INDArray d = partial.sub(y);
      double[] err = d.muli(d).sum(1).castTo(DataType.DOUBLE).toDoubleVector();
      for (int r = 0; r < rows; r++) e[r][c0 + n] = err[r];
    }
    return e;
  }

  /** The trained learner weights by name: w1, b1, w2, b2. */
  public Map<String, INDArray> weights() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (String w : weights) m.put(w, sd.getVariable(w).getArr().dup());
    return m;
  }
}
