package org.acmasr.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.Tensor;
import org.acmasr.model.TensorLayout;

/**
 * Function-preserving growth of a static model, so a larger architecture can start from a trained
 * smaller one (warm start) instead of random weights: every new part is a residual branch whose output
 * projection starts at zero, so the grown model computes exactly what the original does, and training
 * then moves the new weights away from zero.
 *
 * <ul>
 *   <li>{@link #conv}: a convolution module per layer (its {@code pw2} is zero);
 *   <li>{@link #layers}: more encoder layers on top of the existing ones (their attention output and
 *       FFN output projections are zero: each new layer is the identity);
 *   <li>{@link #ffn}: wider FFN learners (each learner's new hidden units have random input weights and
 *       zero output weights).
 * </ul>
 * New weights other than those projections are the random initialisation of {@link ModelFactory#random}.
 */
public final class ModelGrowth {
  private static final String OUT = "attn." + TensorLayout.OUT; // the attention's output projection

  private ModelGrowth() {}

  /** {@code m} with a causal convolution module of kernel {@code kernel} in every layer. */
  public static ModelData conv(ModelData m, int kernel, long seed) {
    ModelConfig cfg = m.config();
    if (cfg.convKernel() != 0) {
      throw new IllegalArgumentException("--conv-kernel " + kernel + ": the model already has convolution modules of kernel "
          + cfg.convKernel());
    }
    return grown(m, cfg.withConvKernel(kernel), seed, m.tensors(), name -> name.contains(".conv.pw2."));
  }

  /** {@code m} with {@code extra} identity layers added on top of its encoder. */
  public static ModelData layers(ModelData m, int extra, long seed) {
    if (extra < 1) throw new IllegalArgumentException("--grow-layers " + extra + ": must be >= 1");
    ModelConfig c = m.config();
    ModelConfig g = new ModelConfig(c.fbank(), c.stack(), c.dModel(), c.heads(), c.layers() + extra, c.dFf(), c.acm(),
        c.chunkFrames(), c.leftContextFrames(), c.tokens(), c.convKernel());
    int first = c.layers();
    return grown(m, g, seed, m.tensors(), name -> {
      if (!name.startsWith("layers.")) return false;
      int i = Integer.parseInt(name.substring("layers.".length(), name.indexOf('.', "layers.".length())));
      // Only the last projection of each branch: zeroing both factors of a low-rank pair would leave
      // neither a gradient.
      String rest = name.substring(name.indexOf('.', "layers.".length()) + 1);
      return i >= first && (rest.equals(OUT + ".w") || rest.equals(OUT + ".b") || rest.equals(OUT + ".w2")
          || rest.equals(OUT + ".b2") || rest.equals("ffn.w2") || rest.equals("ffn.b2") || rest.startsWith("conv.pw2."));
    });
  }

  /** {@code m} with FFN inner size {@code dFf} (each of its learners widened equally). */
  public static ModelData ffn(ModelData m, int dFf, long seed) {
    ModelConfig c = m.config();
    int n = c.acm().learners();
    if (dFf <= c.dFf() || dFf % n != 0) {
      throw new IllegalArgumentException("--grow-ffn " + dFf + ": must be larger than the model's d_ff " + c.dFf()
          + " and a multiple of its " + n + " learners");
    }
    ModelConfig g = new ModelConfig(c.fbank(), c.stack(), c.dModel(), c.heads(), c.layers(), dFf, c.acm(),
        c.chunkFrames(), c.leftContextFrames(), c.tokens(), c.convKernel());
    Map<String, Tensor> fresh = ModelFactory.random(g, seed).tensors();
    int w = c.ffnLearnerWidth();
    int w2 = g.ffnLearnerWidth();
    Map<String, Tensor> kept = new LinkedHashMap<>(m.tensors());
    for (int i = 0; i < c.layers(); i++) {
      String p = TensorLayout.layer(i) + ".ffn.";
      // w1 [d, N·W] → [d, N·W']: learner j's columns keep their weights, its new columns stay random.
      kept.put(p + "w1", widenColumns(m.tensors().get(p + "w1"), fresh.get(p + "w1"), n, w, w2));
      kept.put(p + "b1", widenColumns(m.tensors().get(p + "b1"), fresh.get(p + "b1"), n, w, w2));
      // w2 [N·W, d] → [N·W', d]: learner j's new rows are zero, so its output is unchanged.
      kept.put(p + "w2", widenRows(m.tensors().get(p + "w2"), n, w, w2));
    }
    return grown(m, g, seed, kept, name -> false);
  }

  /** Columns of {@code old} [rows, n·w] (or a vector of n·w) spread into {@code fresh} [rows, n·w2]. */
  private static Tensor widenColumns(Tensor old, Tensor fresh, int n, int w, int w2) {
    float[] out = fresh.data().clone();
    int rows = old.shape().length == 1 ? 1 : (int) old.shape()[0];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < n; j++) {
        System.arraycopy(old.data(), r * n * w + j * w, out, r * n * w2 + j * w2, w);
      }
    }
    return new Tensor(fresh.shape(), out);
  }

  /** Rows of {@code old} [n·w, cols] spread into a zero [n·w2, cols]. */
  private static Tensor widenRows(Tensor old, int n, int w, int w2) {
    int cols = (int) old.shape()[1];
    float[] out = new float[n * w2 * cols];
    for (int j = 0; j < n; j++) {
      System.arraycopy(old.data(), j * w * cols, out, j * w2 * cols, w * cols);
    }
    return new Tensor(new long[] {(long) n * w2, cols}, out);
  }

  /**
   * A model of architecture {@code cfg}: {@code kept} tensors where given, random ones elsewhere, and zero
   * where {@code zero} says (new output projections).
   */
  private static ModelData grown(ModelData m, ModelConfig cfg, long seed, Map<String, Tensor> kept,
      java.util.function.Predicate<String> zero) {
    Map<String, Tensor> t = new LinkedHashMap<>(ModelFactory.random(cfg, seed).tensors());
    for (Map.Entry<String, Tensor> e : t.entrySet()) {
      Tensor k = kept.get(e.getKey());
      if (k != null) {
        e.setValue(k);
      } else if (zero.test(e.getKey())) {
        e.setValue(Tensor.zeros(e.getValue().shape()));
      }
    }
    for (Map.Entry<String, Tensor> e : kept.entrySet()) {
      if (!t.containsKey(e.getKey())) t.put(e.getKey(), e.getValue()); // CMVN and anything else the file carries
    }
    return new ModelData(cfg, m.metadata(), t);
  }
}
