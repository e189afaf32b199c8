package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Dropout on attention and FFN outputs: training-time masks only, exact gradients, and named refusals. */
class DropoutTest {
  private static final int[] LENGTHS = {9, 6};
  private static final int FRAMES = 9;

  private static Map<String, INDArray> inputs(ModelData data, DataType dt) {
    float[][][] utts = {EncoderGraphTest.frames(9, data.config().inputDim(), 1),
        EncoderGraphTest.frames(6, data.config().inputDim(), 2)};
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(EncoderGraph.X, EncoderGraphTest.batch(utts, FRAMES, dt));
    ph.put(EncoderGraph.BIAS, AttentionBias.of(data.config(), LENGTHS, FRAMES, dt));
    return ph;
  }

  @Test
  void masksDropAboutPAndKeepTheExpectation() {
    ModelData data = ModelFactory.random(EncoderGraphTest.tiny(true), 3);
    EncoderGraph g = EncoderGraph.build(data, DataType.FLOAT, false, 1, 0.2);
    Map<String, INDArray> m = g.dropoutMasks(1000, new SplittableRandom(4));
    int layers = data.config().layers();
    assertEquals(2 * layers, m.size(), m.keySet().toString());
    assertTrue(m.containsKey("dropout.layers.0.attn") && m.containsKey("dropout.layers." + (layers - 1) + ".ffn"),
        m.keySet().toString());
    for (Map.Entry<String, INDArray> e : m.entrySet()) {
      INDArray mask = e.getValue();
      assertArrayEquals(new long[] {1000, data.config().dModel()}, mask.shape(), e.getKey());
      float[] v = mask.data().asFloat();
      int zeros = 0;
      for (float f : v) {
        if (f == 0f) zeros++;
        else assertEquals(1.25f, f, 1e-6f, e.getKey() + ": kept units are scaled by 1/(1 - p)");
      }
      double dropped = (double) zeros / v.length;
      assertTrue(Math.abs(dropped - 0.2) < 0.01, e.getKey() + ": dropped " + dropped);
    }
    // Reproducible from the seed (so a resumed run draws the same masks); null draws ones.
    assertEquals(m, g.dropoutMasks(1000, new SplittableRandom(4)));
    for (INDArray ones : g.dropoutMasks(10, null).values()) assertEquals(10.0 * data.config().dModel(), ones.sumNumber().doubleValue());
    assertTrue(EncoderGraph.build(data, DataType.FLOAT).dropoutMasks(10, new SplittableRandom(1)).isEmpty());
  }

  @Test
  void withoutMasksTheGraphIsTheModelAndWithMasksItDiffers() {
    ModelData data = ModelFactory.random(EncoderGraphTest.tiny(true), 5);
    Map<String, INDArray> in = inputs(data, DataType.FLOAT);
    INDArray plain = EncoderGraph.build(data, DataType.FLOAT).logits(in.get(EncoderGraph.X), in.get(EncoderGraph.BIAS));
    EncoderGraph g = EncoderGraph.build(data, DataType.FLOAT, false, 1, 0.3);
    assertEquals(0.3, g.dropout());
    INDArray eval = g.logits(in.get(EncoderGraph.X), in.get(EncoderGraph.BIAS));
    assertTrue(plain.equalsWithEps(eval, 1e-6), "no masks given = no dropout");
    Map<String, INDArray> ph = new HashMap<>(in);
    ph.putAll(g.dropoutMasks((long) LENGTHS.length * FRAMES, new SplittableRandom(7)));
    INDArray dropped = g.logits(ph);
    double diff = dropped.sub(plain).norm2Number().doubleValue() / plain.norm2Number().doubleValue();
    assertTrue(diff > 0.01, "masks change the output: relative difference " + diff);
  }

  /** With the masks fixed, the network is a deterministic function: its weight gradients must be exact. */
  @Test
  void gradientsWithFixedMasksMatchFiniteDifferences() {
    ModelData data = ModelFactory.random(EncoderGraphTest.tiny(true), 6);
    EncoderGraph g = EncoderGraph.build(data, DataType.DOUBLE, false, 1, 0.25);
    Map<String, INDArray> ph = new HashMap<>(inputs(data, DataType.DOUBLE));
    ph.putAll(g.dropoutMasks((long) LENGTHS.length * FRAMES, new SplittableRandom(8)));
    int[][] labels = {{3, 4, 4, 5}, {7, 2}};
    CtcLoss.Result res = CtcLoss.compute(g.logits(ph), labels, LENGTHS);
    ph.put(EncoderGraph.G, res.grad());
    Map<String, INDArray> grads = g.gradients(ph);
    GradientCheckTest.assertWeightGradients(g, () -> g.logits(ph), grads, g.weightNames(), labels, LENGTHS, 30, 9);
  }

  @Test
  void teacherAndGatedStepsTrainWithDropout() {
    ModelData data = ModelFactory.random(EncoderGraphTest.tiny(true), 3);
    TrainBatch batch = TrainBatch.of(data.config(),
        List.of(EncoderGraphTest.frames(20, data.config().inputDim(), 1), EncoderGraphTest.frames(14, data.config().inputDim(), 2)),
        List.of(new int[] {8, 9, 1, 10}, new int[] {20, 5}), DataType.FLOAT);
    TeacherStep step = new TeacherStep(EncoderGraph.build(data, DataType.FLOAT, false, 1, 0.1), Adam.defaults(),
        new LearningRate(3e-3, 5, 1e-4));
    double first = step.run(batch, new SplittableRandom(0)).loss();
    double last = first;
    for (int i = 1; i < 60; i++) last = step.run(batch, new SplittableRandom(i)).loss();
    assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);

    ModelData gated = ModelFactory.random(EncoderGraphTest.tiny(true).withAcm(new AcmConfig(4, true, true, 8, 16)), 4);
    EncoderGraph gg = EncoderGraph.build(gated, DataType.FLOAT, true, 1, 0.1);
    GatedStep gs = new GatedStep(gg, Adam.defaults(), new LearningRate(1e-3, 2, 1e-4), new double[] {0.5});
    INDArray before = gg.weight("layers.0.ffn.w1").dup();
    GatedStep.Result r = gs.run(batch, new SplittableRandom(3));
    assertTrue(Double.isFinite(r.lossPerFrame()) && r.cost() > 0, r.toString());
    assertTrue(!before.equals(gg.weight("layers.0.ffn.w1")), "phase 3 with dropout updates the learners");
  }

  @Test
  void badRatesAreRefusedByName() {
    ModelData data = ModelFactory.random(EncoderGraphTest.tiny(true), 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EncoderGraph.build(data, DataType.FLOAT, false, 1, 0.6));
    assertTrue(e.getMessage().contains("train.dropout = 0.6: must be in [0, 0.5]"), e.getMessage());
    IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
        () -> new TrainOptions(1, 400, 4, new LearningRate(1e-3, 2, 1e-4), 5.0, 3, 2, true, 0, 0.3, -0.1));
    assertTrue(o.getMessage().contains("train.dropout = -0.1"), o.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new TrainOptions(1, 400, 4, new LearningRate(1e-3, 2, 1e-4), 5.0, 3, 2, true, 0, 0.3, Double.NaN));
  }
}
