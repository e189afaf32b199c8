package org.acmasr.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam with decoupled state that checkpoints exactly: first and second moments per weight, and the
 * step count. The learning rate comes from a {@link LearningRate} schedule; gradients are clipped to
 * a maximum global L2 norm before the update.
 */
public final class Adam {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double clipNorm;
  private final Map<String, INDArray> m = new LinkedHashMap<>();
  private final Map<String, INDArray> v = new LinkedHashMap<>();
  private long step;

  public Adam(double beta1, double beta2, double eps, double clipNorm) {
    if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("adam.beta1 = " + beta1 + ": must be in [0, 1)");
    if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("adam.beta2 = " + beta2 + ": must be in [0, 1)");
    if (!(eps > 0)) throw new IllegalArgumentException("adam.eps = " + eps + ": must be > 0");
    if (!(clipNorm > 0)) throw new IllegalArgumentException("train.clip_norm = " + clipNorm + ": must be > 0");
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.clipNorm = clipNorm;
  }

  public static Adam defaults() {
    return new Adam(0.9, 0.98, 1e-9, 5.0);
  }

  public long step() {
    return step;
  }

  /**
   * Applies one update in place.
   *
   * @return the global gradient norm before clipping
   */
  public double update(Map<String, INDArray> weights, Map<String, INDArray> grads, double lr) {
    double sq = 0;
    for (INDArray g : grads.values()) {
      double n = g.norm2Number().doubleValue();
      sq += n * n;
    }
    double norm = Math.sqrt(sq);
    double scale = norm > clipNorm ? clipNorm / norm : 1.0;
    step++;
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      String name = e.getKey();
      INDArray g = scale == 1.0 ? e.getValue() : e.getValue().mul(scale);
      INDArray mi = m.computeIfAbsent(name, k -> g.ulike());
      INDArray vi = v.computeIfAbsent(name, k -> g.ulike());
      mi.muli(beta1).addi(g.mul(1 - beta1));
      vi.muli(beta2).addi(g.mul(g).muli(1 - beta2));
      INDArray denom = Transforms.sqrt(vi.div(c2), false).addi(eps);
      weights.get(name).subi(mi.div(c1).divi(denom).muli(lr));
    }
    return norm;
  }

  /** Optimizer state for a checkpoint: "m/NAME", "v/NAME" arrays and the step. */
  public Map<String, INDArray> state() {
    Map<String, INDArray> s = new LinkedHashMap<>();
    m.forEach((k, a) -> s.put("m/" + k, a));
    v.forEach((k, a) -> s.put("v/" + k, a));
    return s;
  }

  public void restore(Map<String, INDArray> state, long steps) {
    m.clear();
    v.clear();
    state.forEach((k, a) -> {
      if (k.startsWith("m/")) m.put(k.substring(2), a.dup());
      else if (k.startsWith("v/")) v.put(k.substring(2), a.dup());
    });
    this.step = steps;
  }
}
