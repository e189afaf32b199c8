package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.acmasr.budget.Budget;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;

/** Phase 3's gated training graph computes what gated inference computes, and its budget loss steers cost. */
class GatedGraphTest {

  static ModelData gatedTiny(long seed) {
    return ModelFactory.random(EncoderGraphTest.tiny(true).withAcm(new AcmConfig(4, true, true, 8, 16)), seed);
  }

  @ParameterizedTest
  @CsvSource({"1", "2", "4"})
  void hardGatesMatchInference(int k) throws Exception {
    ModelData data = ModelFactory.constantGates(gatedTiny(3), k);
    EncoderGraph graph = EncoderGraph.build(data, DataType.FLOAT, true);
    int[] lengths = {13};
    float[][][] utts = {EncoderGraphTest.frames(13, data.config().inputDim(), 1)};
    Map<String, INDArray> ph = new HashMap<>(graph.gatePlaceholders(lengths, 13, 0.5, null));
    ph.put(EncoderGraph.X, EncoderGraphTest.batch(utts, 13, DataType.FLOAT));
    ph.put(EncoderGraph.BIAS, AttentionBias.of(data.config(), lengths, 13, DataType.FLOAT));
    INDArray lp = Nd4j.exec(new LogSoftMax(graph.logits(ph).dup(), 2))[0];
    float[][] ref = AcmModel.of(data).forwardFull(utts[0], Budget.fixed(0.5f)).logProbs();
    double worst = 0;
    for (int t = 0; t < 13; t++) for (int v = 0; v < ref[t].length; v++) worst = Math.max(worst, Math.abs(ref[t][v] - lp.getFloat(0, t, v)));
    assertTrue(worst < 1e-4, "k=" + k + ": " + worst);
    assertEquals(k / 4.0, graph.meanCost(ph), 1e-6);
  }

  /** The budget term is linear in its weight: grad(α=3) − grad(α=1) = 2·(grad(α=2) − grad(α=1)) ≠ 0. */
  @Test
  void budgetWeightScalesTheBudgetGradientOnly() {
    ModelData data = gatedTiny(5);
    int[] lengths = {10, 7};
    float[][][] utts = {EncoderGraphTest.frames(10, data.config().inputDim(), 3), EncoderGraphTest.frames(7, data.config().inputDim(), 4)};
    INDArray[] g = new INDArray[4];
    for (int w = 1; w <= 3; w++) {
      EncoderGraph graph = EncoderGraph.build(data, DataType.DOUBLE, true, w);
      Map<String, INDArray> ph = new HashMap<>(graph.gatePlaceholders(lengths, 10, 0.25, new SplittableRandom(7)));
      ph.put(EncoderGraph.X, EncoderGraphTest.batch(utts, 10, DataType.DOUBLE));
      ph.put(EncoderGraph.BIAS, AttentionBias.of(data.config(), lengths, 10, DataType.DOUBLE));
      ph.put(EncoderGraph.G, Nd4j.zeros(DataType.DOUBLE, 2, 10, data.config().vocab()));
      g[w] = graph.gradients(ph).get("layers.1.ffn.gate.b3");
    }
    INDArray step = g[2].sub(g[1]);
    assertTrue(step.norm2Number().doubleValue() > 1e-8, "the weight changes the gate gradient: " + step);
    INDArray twice = g[3].sub(g[1]);
    assertTrue(twice.sub(step.mul(2)).norm2Number().doubleValue() < 1e-9 * Math.max(1, twice.norm2Number().doubleValue()),
        "α=3 minus α=1 " + twice + " vs 2·(α=2 minus α=1) " + step.mul(2));
  }

  @Test
  void budgetWeightOutsideRangeIsRefusedByName() {
    ModelData data = gatedTiny(6);
    for (double w : new double[] {0, -1, 101, Double.NaN}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> EncoderGraph.build(data, DataType.FLOAT, true, w));
      assertTrue(e.getMessage().startsWith("acm.budget_weight = " + w + ":"), e.getMessage());
    }
  }

  @Test
  void budgetLossPullsCostTowardsBeta() {
    ModelData data = gatedTiny(4); // random gates
    EncoderGraph graph = EncoderGraph.build(data, DataType.FLOAT, true);
    int[] lengths = {12, 9};
    float[][][] utts = {EncoderGraphTest.frames(12, data.config().inputDim(), 1), EncoderGraphTest.frames(9, data.config().inputDim(), 2)};
    Map<String, INDArray> ph = new HashMap<>(graph.gatePlaceholders(lengths, 12, 0.25, new SplittableRandom(1)));
    ph.put(EncoderGraph.X, EncoderGraphTest.batch(utts, 12, DataType.FLOAT));
    ph.put(EncoderGraph.BIAS, AttentionBias.of(data.config(), lengths, 12, DataType.FLOAT));
    ph.put(EncoderGraph.G, Nd4j.zeros(DataType.FLOAT, 2, 12, data.config().vocab())); // auxiliary losses only
    double before = graph.meanCost(ph);
    Map<String, INDArray> grads = graph.gradients(ph);
    assertTrue(grads.get("layers.0.ffn.gate.b3").norm2Number().doubleValue() > 0, "gradients reach the gates");
    Adam adam = new Adam(0.9, 0.999, 1e-8, 5);
    Map<String, INDArray> w = new HashMap<>();
    for (String n : graph.weightNames()) w.put(n, graph.weight(n));
    for (int i = 0; i < 60; i++) {
      ph.putAll(graph.gatePlaceholders(lengths, 12, 0.25, new SplittableRandom(i)));
      adam.update(w, graph.gradients(ph), 0.01);
    }
    double after = graph.meanCost(ph);
    assertTrue(Math.abs(after - 0.25) < Math.abs(before - 0.25) - 0.1 && Math.abs(after - 0.25) < 0.15,
        "mean cost " + before + " -> " + after + " (target 0.25)");
  }
}
