package org.acmasr.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Phase 2 of ACMization for one module: trains its gate, the MLP {@code [x, β] → relu → relu →
 * logits} of {@link org.acmasr.model.AcmModel}'s inference, by cross-entropy against the artificial
 * labels of {@link GateLabels} at several budgets, so that one gate serves every β.
 */
public final class GateTrainer {
  private static final List<String> WEIGHTS = List.of("w1", "b1", "w2", "b2", "w3", "b3");
  private final SameDiff sd = SameDiff.create();
  private final int choices;

  /** Starts from the given gate weights: w1 [in+1, g], b1 [g], w2 [g, g], b2 [g], w3 [g, choices], b3 [choices]. */
  public GateTrainer(INDArray w1, INDArray b1, INDArray w2, INDArray b2, INDArray w3, INDArray b3) {
    this.choices = (int) w3.size(1);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, w1.size(0)); // [rows, in + 1]: input and β
    SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, choices); // one-hot labels
    SDVariable h = sd.nn.relu(x.mmul(sd.var("w1", w1.dup())).add(sd.var("b1", b1.dup())), 0);
    h = sd.nn.relu(h.mmul(sd.var("w2", w2.dup())).add(sd.var("b2", b2.dup())), 0);
    SDVariable logits = h.mmul(sd.var("w3", w3.dup())).add(sd.var("b3", b3.dup())).rename("logits");
    SDVariable logp = sd.nn.logSoftmax(logits);
    y.mul(logp).sum(1).mean().neg().rename("loss");
    sd.setLossVariables("loss");
    Quietly.createGradients(sd);
  }

  /**
   * @param x      module inputs [rows, in]
   * @param labels per budget: label index (k − kMin) per row
   * @param betas  the budgets the label sets belong to
   */
  public double train(INDArray x, int[][] labels, double[] betas, int steps, int batchRows, double lr, long seed) {
    Adam adam = new Adam(0.9, 0.999, 1e-8, 5.0);
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, INDArray> params = new LinkedHashMap<>();
    for (String w : WEIGHTS) params.put(w, sd.getVariable(w).getArr());
    double last = Double.NaN;
    for (int s = 0; s < steps; s++) {
      Batch b = batch(x, labels, betas, batchRows, rnd);
      Map<String, INDArray> grads = sd.calculateGradients(Map.of("x", b.x, "y", b.y), WEIGHTS);
      adam.update(params, grads, lr);
      if (s == steps - 1) last = sd.output(Map.of("x", b.x, "y", b.y), "loss").get("loss").getDouble(0);
    }
    return last;
  }

  /** Fraction of rows whose argmax equals the label, at one budget. */
  public double accuracy(INDArray x, int[] labels, double beta) {
    INDArray in = Nd4j.hstack(x, Nd4j.valueArrayOf(new long[] {x.size(0), 1}, beta).castTo(DataType.FLOAT));
    INDArray logits = sd.output(Map.of("x", in), "logits").get("logits");
    int[] arg = Nd4j.argMax(logits, 1).toIntVector();
    int ok = 0;
    for (int i = 0; i < arg.length; i++) if (arg[i] == labels[i]) ok++;
    return ok / (double) arg.length;
  }

  public Map<String, INDArray> weights() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (String w : WEIGHTS) m.put(w, sd.getVariable(w).getArr().dup());
    return m;
  }

  private record Batch(INDArray x, INDArray y) {}

  private Batch batch(INDArray x, int[][] labels, double[] betas, int rows, SplittableRandom rnd) {
    int in = (int) x.size(1);
    int n = (int) x.size(0);
    float[] xs = new float[rows * (in + 1)];
    float[] ys = new float[rows * choices];
    for (int r = 0; r < rows; r++) {
      int i = rnd.nextInt(n);
      int b = rnd.nextInt(betas.length);
      float[] row = x.getRow(i).toFloatVector();
      System.arraycopy(row, 0, xs, r * (in + 1), in);
      xs[r * (in + 1) + in] = (float) betas[b];
      ys[r * choices + labels[b][i]] = 1f;
    }
    return new Batch(Nd4j.create(xs, new long[] {rows, in + 1}, 'c'), Nd4j.create(ys, new long[] {rows, choices}, 'c'));
  }
}
