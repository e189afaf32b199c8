package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finite-difference checks, in double precision, of every custom piece of the training path: the
 * native CTC gradient, the surrogate-loss route from it to the weights, the chunk/ALiBi/padding
 * attention bias, layer norm, low-rank projections and GELU FFN.
 */
class GradientCheckTest {

  @Test
  void ctcGradientMatchesFiniteDifferences() {
    Random r = new Random(1);
    int b = 2;
    int t = 6;
    int v = 5;
    INDArray logits = org.nd4j.linalg.factory.Nd4j.rand(DataType.DOUBLE, b, t, v).muli(3);
    int[][] labels = {{1, 2, 2}, {4}};
    int[] lengths = {6, 4};
    CtcLoss.Result res = CtcLoss.compute(logits, labels, lengths);
    double worst = 0;
    for (int n = 0; n < 30; n++) {
      int bi = r.nextInt(b);
      int ti = r.nextInt(lengths[bi]);
      int vi = r.nextInt(v);
      double orig = logits.getDouble(bi, ti, vi);
      double eps = 1e-6;
      logits.putScalar(new int[] {bi, ti, vi}, orig + eps);
      double up = sum(CtcLoss.compute(logits, labels, lengths).losses());
      logits.putScalar(new int[] {bi, ti, vi}, orig - eps);
      double down = sum(CtcLoss.compute(logits, labels, lengths).losses());
      logits.putScalar(new int[] {bi, ti, vi}, orig);
      double numeric = (up - down) / (2 * eps);
      double analytic = res.grad().getDouble(bi, ti, vi);
      worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic)));
    }
    assertTrue(worst < 1e-5, "worst relative error " + worst);
    // Padded frames of the shorter utterance get no gradient.
    for (int ti = lengths[1]; ti < t; ti++) {
      for (int vi = 0; vi < v; vi++) assertTrue(res.grad().getDouble(1, ti, vi) == 0.0, "padding frame " + ti);
    }
  }

  @Test
  void weightGradientsMatchFiniteDifferences() {
    StaticBatch b = StaticBatch.of(ModelFactory.random(EncoderGraphTest.tiny(true), 5), 1);
    b.assertGradients(b.g().weightNames(), 40, 7);
  }

  /** The causal convolution module (GLU, depthwise conv on front-padded frames, LN, swish) trains exactly. */
  @Test
  void convolutionModuleGradientsMatchFiniteDifferences() {
    StaticBatch b = StaticBatch.of(ModelFactory.random(EncoderGraphTest.tiny(true).withConvKernel(4), 8), 5);
    List<String> conv = b.g().weightNames().stream().filter(n -> n.contains(".conv.")).toList();
    assertTrue(conv.size() == 2 * 10, conv.toString());
    b.assertGradients(conv, 60, 11);
    b.assertGradients(List.of("sub.w", "layers.0.ln1.g"), 10, 12);
  }

  /**
   * Intermediate CTC: the loss (1 − w) · CTC(final) + w · CTC(layer 1), whose head shares the final layer
   * norm and projection, has the gradients the graph computes from the two CTC gradients.
   */
  @Test
  void intermediateCtcGradientsMatchFiniteDifferences() {
    ModelData data = ModelFactory.random(EncoderGraphTest.tiny(true), 12);
    double w = 0.3;
    EncoderGraph g = EncoderGraph.build(data, DataType.DOUBLE, false, GatedModules.DEFAULT_BUDGET_WEIGHT, 0,
        new InterCtc(1, w));
    int[] lengths = {9, 6};
    float[][][] utts = {EncoderGraphTest.frames(9, data.config().inputDim(), 21),
        EncoderGraphTest.frames(6, data.config().inputDim(), 22)};
    Map<String, INDArray> ph = new java.util.HashMap<>();
    ph.put(EncoderGraph.X, EncoderGraphTest.batch(utts, 9, DataType.DOUBLE));
    ph.put(EncoderGraph.BIAS, AttentionBias.of(data.config(), lengths, 9, DataType.DOUBLE));
    int[][] labels = {{3, 4, 4, 5}, {7, 2}};
    java.util.function.DoubleSupplier loss = () -> {
      INDArray[] o = g.logitsAndInter(ph);
      return (1 - w) * sum(CtcLoss.compute(o[0], labels, lengths).losses())
          + w * sum(CtcLoss.compute(o[1], labels, lengths).losses());
    };
    INDArray[] o = g.logitsAndInter(ph);
    assertTrue(o[1] != null && java.util.Arrays.equals(o[0].shape(), o[1].shape()), "an intermediate head of the same shape");
    ph.put(EncoderGraph.G, CtcLoss.compute(o[0], labels, lengths).grad().muli(1 - w));
    ph.put(EncoderGraph.G_INTER, CtcLoss.compute(o[1], labels, lengths).grad().muli(w));
    Map<String, INDArray> grads = g.gradients(ph);
    assertWeightGradients(g, loss, grads, List.of("sub.w", "layers.0.ffn.w1", "layers.1.ffn.w2", "final.ln.g", "ctc.w"),
        50, 13);
    // layers.1's weights lie above the intermediate head: without the final loss they would get no gradient.
    assertTrue(grads.get("layers.1.ffn.w2").norm2Number().doubleValue() > 0);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> EncoderGraph.build(data, DataType.DOUBLE, false, GatedModules.DEFAULT_BUDGET_WEIGHT, 0, new InterCtc(2, w)),
        "the head must lie below the last layer");
  }

  /**
   * A static graph in double precision with a batch of two utterances (9 and 6 frames, drawn with seeds
   * {@code seed} and {@code seed + 1}) and their CTC gradients.
   */
  private record StaticBatch(EncoderGraph g, INDArray x, INDArray bias, int[] lengths, int[][] labels,
      Map<String, INDArray> grads) {
    static StaticBatch of(ModelData data, long seed) {
      EncoderGraph g = EncoderGraph.build(data, DataType.DOUBLE);
      int[] lengths = {9, 6};
      int frames = 9;
      float[][][] utts = {EncoderGraphTest.frames(9, data.config().inputDim(), seed),
          EncoderGraphTest.frames(6, data.config().inputDim(), seed + 1)};
      INDArray x = EncoderGraphTest.batch(utts, frames, DataType.DOUBLE);
      INDArray bias = AttentionBias.of(data.config(), lengths, frames, DataType.DOUBLE);
      int[][] labels = {{3, 4, 4, 5}, {7, 2}};
      CtcLoss.Result res = CtcLoss.compute(g.logits(x, bias), labels, lengths);
      return new StaticBatch(g, x, bias, lengths, labels, g.gradients(x, bias, res.grad()));
    }

    /** Checks {@code names}' analytic gradients against finite differences at {@code samples} entries each. */
    void assertGradients(List<String> names, int samples, long seed) {
      assertWeightGradients(g, () -> g.logits(x, bias), grads, names, labels, lengths, samples, seed);
    }
  }

  /**
   * The gated (phase 3) graph: with the Gumbel noise fixed, the forward pass follows the hard choices.
   * For weights no gate depends on — the last FFN's learners (their own gate reads the module input)
   * and the output layers — the straight-through graph's gradient is the true gradient and must match
   * finite differences; this checks the masked-learner computation. Weights feeding a later gate also
   * get that gate's straight-through term, an estimate by design, so they are not compared.
   */
  @Test
  void gatedGraphLearnerGradientsMatchFiniteDifferences() {
    ModelData data = ModelFactory.random(EncoderGraphTest.tiny(true)
        .withAcm(new org.acmasr.model.AcmConfig(4, true, true, 8, 16)), 6);
    EncoderGraph g = EncoderGraph.build(data, DataType.DOUBLE, true);
    int[] lengths = {9, 6};
    int frames = 9;
    float[][][] utts = {EncoderGraphTest.frames(9, data.config().inputDim(), 3),
        EncoderGraphTest.frames(6, data.config().inputDim(), 4)};
    Map<String, INDArray> ph = new java.util.HashMap<>(g.gatePlaceholders(lengths, frames, 0.5, new java.util.SplittableRandom(2)));
    ph.put(EncoderGraph.X, EncoderGraphTest.batch(utts, frames, DataType.DOUBLE));
    ph.put(EncoderGraph.BIAS, AttentionBias.of(data.config(), lengths, frames, DataType.DOUBLE));
    int[][] labels = {{3, 4, 4, 5}, {7, 2}};
    CtcLoss.Result res = CtcLoss.compute(g.logits(ph), labels, lengths);
    ph.put(EncoderGraph.G, res.grad());
    Map<String, INDArray> grads = g.gradients(ph);
    String lastFfn = "layers." + (data.config().layers() - 1) + ".ffn.";
    List<String> names = g.weightNames().stream().filter(n -> n.startsWith("ctc.") || n.startsWith("final.")
        || (n.startsWith(lastFfn) && !n.contains(".gate."))).toList();
    assertTrue(names.size() == 8, names.toString());
    assertWeightGradients(g, () -> g.logits(ph), grads, names, labels, lengths, 30, 9);
  }

  /**
   * Central differences (ε = 1e-6, double precision) of the summed CTC loss for {@code samples} random
   * entries of the named weights, against the graph's gradients: worst relative error below 1e-4.
   */
  static void assertWeightGradients(EncoderGraph g, java.util.function.Supplier<INDArray> logits,
      Map<String, INDArray> grads, List<String> names, int[][] labels, int[] lengths, int samples, long seed) {
    assertWeightGradients(g, () -> sum(CtcLoss.compute(logits.get(), labels, lengths).losses()), grads, names, samples,
        seed);
  }

  /** As above for any scalar {@code loss} of the graph's forward pass. */
  static void assertWeightGradients(EncoderGraph g, java.util.function.DoubleSupplier loss, Map<String, INDArray> grads,
      List<String> names, int samples, long seed) {
    Random r = new Random(seed);
    double worst = 0;
    String worstAt = "";
    for (int n = 0; n < samples; n++) {
      String name = names.get(r.nextInt(names.size()));
      INDArray w = g.weight(name);
      long idx = r.nextInt((int) w.length());
      double orig = w.getDouble(idx);
      double eps = 1e-6;
      w.putScalar(idx, orig + eps);
      double up = loss.getAsDouble();
      w.putScalar(idx, orig - eps);
      double down = loss.getAsDouble();
      w.putScalar(idx, orig);
      double numeric = (up - down) / (2 * eps);
      double analytic = grads.get(name).getDouble(idx);
      double rel = Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic));
      if (rel > worst) {
        worst = rel;
        worstAt = name + "[" + idx + "] numeric " + numeric + " analytic " + analytic;
      }
    }
    assertTrue(worst < 1e-4, "worst relative error " + worst + " at " + worstAt);
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
  }
}
