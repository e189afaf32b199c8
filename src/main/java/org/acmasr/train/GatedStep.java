package org.acmasr.train;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One phase-3 step on a gated {@link EncoderGraph}: a budget β is drawn for the batch and fed to every
 * gate; Gumbel noise is drawn per frame and choice; the CTC loss (per real frame, so it is on the
 * scale of the auxiliary losses) and the budget, entropy and diversity losses are minimised together.
 * With a {@link LogitDistillation}, its weighted per-frame KL to the static teacher is added as well.
 */
public final class GatedStep {
  private final EncoderGraph graph;
  private final Adam adam;
  private final LearningRate lr;
  private final double[] budgets;
  private final LogitDistillation distillation; // null: CTC and auxiliary losses only

  public GatedStep(EncoderGraph graph, Adam adam, LearningRate lr, double[] budgets) {
    this(graph, adam, lr, budgets, null);
  }

  /** @param distillation output-level distillation from the teacher, or null */
  public GatedStep(EncoderGraph graph, Adam adam, LearningRate lr, double[] budgets, LogitDistillation distillation) {
    this.graph = graph;
    this.adam = adam;
    this.lr = lr;
    this.budgets = budgets.clone();
    this.distillation = distillation;
  }

  /**
   * @return CTC loss per frame before the update, the measured cost, the budget used and the KL to the
   *     teacher per frame (NaN without distillation)
   */
  public Result run(TrainBatch batch, SplittableRandom rnd) {
    double beta = budgets[rnd.nextInt(budgets.length)];
    int frames = (int) batch.x().size(1);
    Map<String, INDArray> ph = new HashMap<>(graph.gatePlaceholders(batch.lengths(), frames, beta, rnd));
    ph.put(EncoderGraph.X, batch.x());
    ph.put(EncoderGraph.BIAS, batch.bias());
    ph.putAll(graph.dropoutMasks((long) batch.lengths().length * frames, rnd));
    INDArray logits = graph.logits(ph);
    CtcLoss.Result ctc = CtcLoss.compute(logits, batch.labels(), batch.lengths());
    long real = batch.frames();
    INDArray g = ctc.grad().divi(real); // [B, T, V]
    double kl = Double.NaN;
    if (distillation != null) {
      LogitDistillation.Result kd = LogitDistillation.kl(logits, distillation.teacherLogits(batch), batch.lengths());
      g.addi(kd.grad().castTo(g.dataType()).muli(distillation.weight() / real));
      kl = kd.sum() / real;
    }
    ph.put(EncoderGraph.G, g.castTo(graph.dataType()));
    double cost = graph.meanCost(ph);
    Map<String, INDArray> grads = graph.gradients(ph);
    Map<String, INDArray> weights = new LinkedHashMap<>();
    for (String name : grads.keySet()) weights.put(name, graph.weight(name));
    double rate = lr.at(adam.step() + 1);
    adam.update(weights, grads, rate);
    double sum = 0;
    for (double l : ctc.losses()) sum += l;
    return new Result(sum / real, cost, beta, kl);
  }

  public record Result(double lossPerFrame, double cost, double beta, double klPerFrame) {}
}
