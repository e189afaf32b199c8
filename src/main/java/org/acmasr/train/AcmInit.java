package org.acmasr.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.Tensor;
import org.acmasr.model.TensorLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * "ACMizes" a static teacher: the student starts with the teacher's weights rearranged so that learner
 * 1 carries the most important part of each module and learner N the least, and with fresh gates.
 * With k = N everywhere the student computes exactly what the teacher computes (a permutation of
 * FFN hidden units, and an exact re-factorisation of each low-rank projection).
 *
 * <ul>
 *   <li>FFN: hidden unit j's importance is ‖W1[:, j]‖·‖W2[j, :]‖ (how strongly it can move the
 *       output); units are sorted by it and dealt out to learners in that order.
 *   <li>Projections (x·W1 + b1)·W2 + b2: b1·W2 is folded into b2, then W1·W2 = U·S·Vᵀ (SVD, in double)
 *       is re-split as W1 = U·√S, W2 = √S·Vᵀ with singular values in decreasing order, so learner 1
 *       holds the strongest directions.
 * </ul>
 */
public final class AcmInit {
  private AcmInit() {}

  public static ModelData fromTeacher(ModelData teacher, long seed) {
    return fromTeacher(teacher, seed, teacher.config().acm().learners());
  }

  /**
   * As {@link #fromTeacher(ModelData, long)}, with {@code learners} learners per module instead of the
   * count in the teacher's file. A static teacher computes every module whole, so its learner count only
   * names a split; the student may split the same weights finer (more, smaller learners: a finer choice
   * of compute per frame) or coarser.
   *
   * @throws IllegalArgumentException when the teacher is gated, or {@code learners} does not divide the
   *     FFN width and projection ranks (the message names the key)
   */
  public static ModelData fromTeacher(ModelData teacher, long seed, int learners) {
    ModelConfig cfg = teacher.config();
    if (cfg.acm().gated()) {
      throw new IllegalArgumentException("teacher must be static (acm.gated = false)");
    }
    ModelConfig studentCfg = studentConfig(cfg, learners);
    Map<String, Tensor> t = new LinkedHashMap<>(teacher.tensors());
    for (int i = 0; i < cfg.layers(); i++) {
      String p = TensorLayout.layer(i);
      sortFfn(t, p + ".ffn");
      if (cfg.acm().projections()) {
        refactor(t, p + ".attn." + TensorLayout.QKV);
        refactor(t, p + ".attn." + TensorLayout.OUT);
      }
    }
    // Fresh gates from the random initialiser (same shapes as the student's layout).
    ModelData gates = ModelFactory.random(studentCfg, seed);
    for (Map.Entry<String, Tensor> e : gates.tensors().entrySet()) {
      if (e.getKey().contains(".gate.")) t.put(e.getKey(), e.getValue());
    }
    Map<String, String> meta = new LinkedHashMap<>(teacher.metadata());
    meta.put("name", "acm-" + meta.getOrDefault("name", "student"));
    meta.put("acm.init", "importance-sorted from teacher");
    return new ModelData(studentCfg, meta, t);
  }

  /**
   * The gated student's architecture for a teacher's, its modules split into {@code learners} learners.
   *
   * @throws IllegalArgumentException when {@code learners} does not divide the FFN width and projection
   *     ranks (the message names the key)
   */
  public static ModelConfig studentConfig(ModelConfig teacher, int learners) {
    return teacher.withAcm(teacher.acm().withLearners(learners).asGated());
  }

  private static void sortFfn(Map<String, Tensor> t, String p) {
    Tensor w1 = t.get(p + ".w1"); // [d, H]
    Tensor b1 = t.get(p + ".b1"); // [H]
    Tensor w2 = t.get(p + ".w2"); // [H, d]
    int in = (int) w1.shape()[0];
    int hidden = (int) w1.shape()[1];
    int out = (int) w2.shape()[1];
    double[] importance = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double a = 0;
      double b = 0;
      for (int r = 0; r < in; r++) a += (double) w1.data()[r * hidden + j] * w1.data()[r * hidden + j];
      for (int c = 0; c < out; c++) b += (double) w2.data()[j * out + c] * w2.data()[j * out + c];
      importance[j] = Math.sqrt(a * b);
    }
    Integer[] order = new Integer[hidden];
    for (int j = 0; j < hidden; j++) order[j] = j;
    Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -importance[j]));
    float[] nw1 = new float[w1.data().length];
    float[] nb1 = new float[hidden];
    float[] nw2 = new float[w2.data().length];
    for (int k = 0; k < hidden; k++) {
      int j = order[k];
      for (int r = 0; r < in; r++) nw1[r * hidden + k] = w1.data()[r * hidden + j];
      nb1[k] = b1.data()[j];
      System.arraycopy(w2.data(), j * out, nw2, k * out, out);
    }
    t.put(p + ".w1", new Tensor(w1.shape(), nw1));
    t.put(p + ".b1", new Tensor(b1.shape(), nb1));
    t.put(p + ".w2", new Tensor(w2.shape(), nw2));
  }

  private static void refactor(Map<String, Tensor> t, String p) {
    Tensor w1 = t.get(p + ".w1"); // [in, R]
    Tensor b1 = t.get(p + ".b1"); // [R]
    Tensor w2 = t.get(p + ".w2"); // [R, out]
    Tensor b2 = t.get(p + ".b2"); // [out]
    int in = (int) w1.shape()[0];
    int rank = (int) w1.shape()[1];
    int out = (int) w2.shape()[1];
    INDArray a = Nd4j.create(w1.data(), w1.shape(), 'c').castTo(DataType.DOUBLE);
    INDArray b = Nd4j.create(w2.data(), w2.shape(), 'c').castTo(DataType.DOUBLE);
    INDArray bias1 = Nd4j.create(b1.data(), new long[] {1, rank}, 'c').castTo(DataType.DOUBLE);
    INDArray bias2 = Nd4j.create(b2.data(), new long[] {1, out}, 'c').castTo(DataType.DOUBLE).add(bias1.mmul(b));
    INDArray m = a.mmul(b).dup('f'); // [in, out], rank ≤ R
    int k = Math.min(in, out);
    INDArray s = Nd4j.create(DataType.DOUBLE, k);
    INDArray u = Nd4j.create(DataType.DOUBLE, new long[] {in, in}, 'f');
    INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {out, out}, 'f');
    Nd4j.getBlasWrapper().lapack().gesvd(m, s, u, vt);
    float[] nw1 = new float[in * rank];
    float[] nw2 = new float[rank * out];
    for (int c = 0; c < rank && c < k; c++) {
      double root = Math.sqrt(Math.max(0, s.getDouble(c)));
      for (int r = 0; r < in; r++) nw1[r * rank + c] = (float) (u.getDouble(r, c) * root);
      for (int o = 0; o < out; o++) nw2[c * out + o] = (float) (vt.getDouble(c, o) * root);
    }
    t.put(p + ".w1", new Tensor(w1.shape(), nw1));
    t.put(p + ".b1", Tensor.zeros(rank));
    t.put(p + ".w2", new Tensor(w2.shape(), nw2));
    t.put(p + ".b2", new Tensor(b2.shape(), bias2.castTo(DataType.FLOAT).data().asFloat()));
  }
}
