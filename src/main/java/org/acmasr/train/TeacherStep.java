package org.acmasr.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimisation step of CTC training on an {@link EncoderGraph}: forward, native CTC loss and
 * gradient on the logits, backward through the surrogate loss, Adam update.
 */
public final class TeacherStep {
  private final EncoderGraph graph;
  private final Adam adam;
  private final LearningRate lr;

  public TeacherStep(EncoderGraph graph, Adam adam, LearningRate lr) {
    this.graph = graph;
    this.adam = adam;
    this.lr = lr;
  }

  /**
   * @param rnd draws the dropout masks of a graph built with dropout (the same masks for the forward and
   *            backward pass); null, or a graph without dropout: none
   * @return mean CTC loss per utterance of the batch before the update (the final head's, also with an
   *     intermediate CTC loss), and the gradient norm
   */
  public Result run(TrainBatch batch, SplittableRandom rnd) {
    Map<String, INDArray> ph = new LinkedHashMap<>(graph.dropoutMasks(batch.x().size(0) * batch.x().size(1), rnd));
    ph.put(EncoderGraph.X, batch.x());
    ph.put(EncoderGraph.BIAS, batch.bias());
    INDArray[] out = graph.logitsAndInter(ph);
    CtcLoss.Result ctc = CtcLoss.compute(out[0], batch.labels(), batch.lengths());
    InterCtc inter = graph.interCtc();
    double w = inter.weight();
    // Gradient of the batch mean of (1 − w) · CTC(final) + w · CTC(intermediate).
    INDArray g = ctc.grad().divi(batch.lengths().length / (1 - w));
    ph.put(EncoderGraph.G, g.castTo(graph.dataType()));
    if (inter.enabled()) {
      CtcLoss.Result mid = CtcLoss.compute(out[1], batch.labels(), batch.lengths());
      ph.put(EncoderGraph.G_INTER, mid.grad().divi(batch.lengths().length / w).castTo(graph.dataType()));
    }
    Map<String, INDArray> grads = graph.gradients(ph);
    Map<String, INDArray> weights = new LinkedHashMap<>();
    for (String name : grads.keySet()) weights.put(name, graph.weight(name));
    double rate = lr.at(adam.step() + 1);
    double norm = adam.update(weights, grads, rate);
    return new Result(ctc.mean(), norm, rate);
  }

  public record Result(double loss, double gradNorm, double learningRate) {}
}
