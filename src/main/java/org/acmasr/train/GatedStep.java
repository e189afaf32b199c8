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
 */
public final class GatedStep {
  private final EncoderGraph graph;
  private final Adam adam;
  private final LearningRate lr;
  private final double[] budgets;

  public GatedStep(EncoderGraph graph, Adam adam, LearningRate lr, double[] budgets) {
    this.graph = graph;
    this.adam = adam;
    this.lr = lr;
    this.budgets = budgets.clone();
  }

  /** @return CTC loss per frame before the update, the measured cost and the budget used */
  public Result run(TrainBatch batch, SplittableRandom rnd) {
    double beta = budgets[rnd.nextInt(budgets.length)];
    int frames = (int) batch.x().size(1);
    Map<String, INDArray> ph = new HashMap<>(graph.gatePlaceholders(batch.lengths(), frames, beta, rnd));
    ph.put(EncoderGraph.X, batch.x());
    ph.put(EncoderGraph.BIAS, batch.bias());
    INDArray logits = graph.logits(ph);
    CtcLoss.Result ctc = CtcLoss.compute(logits, batch.labels(), batch.lengths());
    long real = batch.frames();
    ph.put(EncoderGraph.G, ctc.grad().divi(real).castTo(graph.dataType()));
    double cost = graph.meanCost(ph);
    Map<String, INDArray> grads = graph.gradients(ph);
    Map<String, INDArray> weights = new LinkedHashMap<>();
    for (String name : grads.keySet()) weights.put(name, graph.weight(name));
    double rate = lr.at(adam.step() + 1);
    adam.update(weights, grads, rate);
    double sum = 0;
    for (double l : ctc.losses()) sum += l;
    return new Result(sum / real, cost, beta);
  }

  public record Result(double lossPerFrame, double cost, double beta) {}
}
