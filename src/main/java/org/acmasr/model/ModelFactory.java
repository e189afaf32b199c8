package org.acmasr.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds model data without training: random initialisation (the starting point of training, and the
 * test and benchmark models), and hand-set gates whose choices are known exactly.
 */
public final class ModelFactory {
  private ModelFactory() {}

  /**
   * The architecture used for the default model and the benchmarks: d 144, 6 layers, 4 heads, d_ff 576,
   * N = 4 learners in every FFN and every q/k/v/o projection (rank 72 in total, so k = N costs what a
   * dense projection does), 320 ms chunks (partial results every 320 ms) with 1.92 s of left context.
   */
  public static ModelConfig defaultConfig() {
    return new ModelConfig(org.acmasr.features.FbankConfig.defaults(), 4, 144, 4, 6, 576,
        new AcmConfig(4, true, true, 16, 72), 8, 48, ModelConfig.englishTokens());
  }

  /** Random weights (scaled uniform, std ≈ 1/sqrt(fan-in)), unit layer-norm gains, identity CMVN. */
  public static ModelData random(ModelConfig cfg, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, Tensor> t = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : TensorLayout.expected(cfg).entrySet()) {
      String name = e.getKey();
      long[] shape = e.getValue();
      Tensor x = Tensor.zeros(shape);
      if (name.equals("cmvn.istd") || name.endsWith(".g")) {
        java.util.Arrays.fill(x.data(), 1f);
      } else if (shape.length == 2) {
        double scale = Math.sqrt(3.0 / shape[0]);
        for (int i = 0; i < x.data().length; i++) x.data()[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
      } else if (!name.startsWith("cmvn")) {
        for (int i = 0; i < x.data().length; i++) x.data()[i] = (float) ((rnd.nextDouble() * 2 - 1) * 0.05);
      }
      t.put(name, x);
    }
    return new ModelData(cfg, Map.of("name", "random-" + seed), t);
  }

  /**
   * Replaces every gate with one that ignores the frame and picks k = round(N·β) (at least 1 for
   * projections): the cost then follows the budget exactly. Logit of choice k is
   * k·N·β − k²/2 = −(k − N·β)²/2 + const.
   */
  public static ModelData budgetFollowingGates(ModelData data) {
    return rewriteGates(data, (w3, b3, n, canSkip) -> {
      int g = (int) w3.shape()[0];
      int choices = (int) w3.shape()[1];
      for (int c = 0; c < choices; c++) {
        int k = canSkip ? c : c + 1;
        w3.data()[c] = (float) k * n; // row 0 (the unit that carries β)
        b3.data()[c] = -0.5f * k * k;
      }
      assert g >= 1;
    });
  }

  /** Replaces every gate with one that always picks k (clamped to what the module allows). */
  public static ModelData constantGates(ModelData data, int k) {
    return rewriteGates(data, (w3, b3, n, canSkip) -> {
      int c = Math.max(0, Math.min(b3.data().length - 1, canSkip ? k : k - 1));
      b3.data()[c] = 100f;
    });
  }

  private interface GateWriter {
    void write(Tensor w3, Tensor b3, int learners, boolean canSkip);
  }

  private static ModelData rewriteGates(ModelData data, GateWriter writer) {
    ModelConfig cfg = data.config();
    if (!cfg.acm().gated()) {
      throw new IllegalArgumentException("model has no gates (acm.gated = false)");
    }
    Map<String, Tensor> t = new LinkedHashMap<>(data.tensors());
    for (String name : data.tensors().keySet()) {
      if (!name.endsWith(".gate.w1")) continue;
      String p = name.substring(0, name.length() - ".w1".length());
      boolean canSkip = p.endsWith(".ffn.gate");
      Tensor w1 = Tensor.zeros(data.tensor(p + ".w1").shape());
      Tensor w2 = Tensor.zeros(data.tensor(p + ".w2").shape());
      Tensor w3 = Tensor.zeros(data.tensor(p + ".w3").shape());
      Tensor b3 = Tensor.zeros(data.tensor(p + ".b3").shape());
      int in1 = (int) w1.shape()[0];
      int g = (int) w1.shape()[1];
      w1.data()[(in1 - 1) * g] = 1f; // β (the last input) → hidden unit 0
      w2.data()[0] = 1f; // unit 0 → unit 0
      writer.write(w3, b3, cfg.acm().learners(), canSkip);
      t.put(p + ".w1", w1);
      t.put(p + ".b1", Tensor.zeros(g));
      t.put(p + ".w2", w2);
      t.put(p + ".b2", Tensor.zeros(g));
      t.put(p + ".w3", w3);
      t.put(p + ".b3", b3);
    }
    return new ModelData(cfg, data.metadata(), t);
  }
}
