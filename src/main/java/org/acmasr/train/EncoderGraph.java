package org.acmasr.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.Tensor;
import org.acmasr.model.TensorLayout;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * The model of {@link org.acmasr.model.AcmModel} as a differentiable SameDiff graph over padded
 * batches, for training. Static form: every ACM runs all N learners (the teacher, and phase-1/3
 * students before gating). Variables carry the model file's tensor names, so {@link #export} writes a
 * model that inference loads unchanged.
 *
 * <p>Placeholders: {@code x} [B, T, S·F] stacked normalised frames, {@code attn_bias} [B·H, T, T]
 * ({@link AttentionBias}), {@code ctc_grad} [B, T, V] the CTC gradient for the surrogate loss
 * {@code Σ logits · ctc_grad}. Output {@code logits} [B, T, V] (pre-softmax). A graph built with
 * dropout p > 0 also has {@code dropout.<layer>.attn} and {@code dropout.<layer>.ffn} [B·T, d]: masks
 * (0 or 1/(1 − p), {@link #dropoutMasks}) that multiply each attention and FFN output before its
 * residual addition. Calls without masks ({@link #logits(INDArray, INDArray)}, {@link #taps}) feed ones.
 */
public final class EncoderGraph {
  public static final String X = "x";
  public static final String BIAS = "attn_bias";
  public static final String G = "ctc_grad";
  public static final String LOGITS = "logits";
  public static final String SURROGATE = "surrogate";
  /** Intermediate CTC ({@link InterCtc}): the head's logits at the intermediate layer [B, T, V], and their CTC gradient. */
  public static final String INTER_LOGITS = "inter_logits";
  public static final String G_INTER = "inter_ctc_grad";
  /** Suffixes of the static graph's named module inputs and outputs ({@link #taps}). */
  public static final String TAP_IN = ".tap_in";
  public static final String TAP_OUT = ".tap_out";

  private final SameDiff sd;
  private final ModelConfig cfg;
  private final DataType dt;
  private final double dropout;
  private final InterCtc interCtc;

  private EncoderGraph(SameDiff sd, ModelConfig cfg, DataType dt, double dropout, InterCtc interCtc) {
    this.sd = sd;
    this.cfg = cfg;
    this.dt = dt;
    this.dropout = dropout;
    this.interCtc = interCtc;
  }

  /** Builds the static graph (every ACM at k = N) with the weights of {@code init}; gates are not used. */
  public static EncoderGraph build(ModelData init, DataType dt) {
    return build(init, dt, false);
  }

  /**
   * @param gated true for phase 3: each ACM's gate picks k per frame by hard Gumbel-softmax with a
   *              straight-through gradient (see {@link GatedModules}); needs a gated model
   */
  public static EncoderGraph build(ModelData init, DataType dt, boolean gated) {
    return build(init, dt, gated, GatedModules.DEFAULT_BUDGET_WEIGHT);
  }

  /**
   * @param gated        as in {@link #build(ModelData, DataType, boolean)}
   * @param budgetWeight weight α_b of the gated graph's budget loss (see {@link GatedModules}); in (0, 100]
   */
  public static EncoderGraph build(ModelData init, DataType dt, boolean gated, double budgetWeight) {
    return build(init, dt, gated, budgetWeight, 0);
  }

  /**
   * @param gated        as in {@link #build(ModelData, DataType, boolean)}
   * @param budgetWeight as in {@link #build(ModelData, DataType, boolean, double)}
   * @param dropout      rate p of the dropout masks on attention and FFN outputs; 0 = no masks; in
   *                     [0, {@link TrainOptions#MAX_DROPOUT}]
   */
  public static EncoderGraph build(ModelData init, DataType dt, boolean gated, double budgetWeight, double dropout) {
    return build(init, dt, gated, budgetWeight, dropout, InterCtc.NONE);
  }

  /**
   * @param interCtc an intermediate CTC head ({@link #INTER_LOGITS}, fed {@link #G_INTER}) for the static
   *                 graph; {@link InterCtc#NONE} for none
   */
  public static EncoderGraph build(ModelData init, DataType dt, boolean gated, double budgetWeight, double dropout,
      InterCtc interCtc) {
    GatedModules.checkBudgetWeight(budgetWeight);
    interCtc.checkFits(init.config().layers());
    if (gated && interCtc.enabled()) {
      throw new IllegalArgumentException("train.inter_ctc.layer = " + interCtc.layer() + ": only for a static teacher");
    }
    TrainOptions.checkDropout(dropout);
    ModelConfig cfg = init.config();
    if (gated && !cfg.acm().gated()) {
      throw new IllegalArgumentException("a gated graph needs a gated model (acm.gated = true)");
    }
    SameDiff sd = SameDiff.create();
    Map<String, SDVariable> v = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : init.tensors().entrySet()) {
      // Gates (static graph), CMVN and the decoding LM/lexicon are not trained: export() keeps them from the base.
      if ((!gated && e.getKey().contains(".gate.")) || e.getKey().startsWith("cmvn.") || e.getKey().startsWith("lm.")) {
        continue;
      }
      Tensor t = e.getValue();
      v.put(e.getKey(), sd.var(e.getKey(), Nd4j.create(t.data(), t.shape(), 'c').castTo(dt)));
    }
    int d = cfg.dModel();
    int h = cfg.heads();
    int dh = cfg.headDim();
    SDVariable x = sd.placeHolder(X, dt, -1, -1, cfg.inputDim());
    SDVariable bias = sd.placeHolder(BIAS, dt, -1, -1, -1);
    SDVariable g = sd.placeHolder(G, dt, -1, -1, cfg.vocab());
    SDVariable bt = x.shape().get(SDIndex.interval(0, 2)); // [B, T]
    SDVariable bOnly = x.shape().get(SDIndex.interval(0, 1)); // [B]
    SDVariable tOnly = x.shape().get(SDIndex.interval(1, 2)); // [T]
    SDVariable hConst = sd.constant(Nd4j.createFromArray((long) h));
    SDVariable dhConst = sd.constant(Nd4j.createFromArray((long) dh));

    GatedModules gates = gated ? new GatedModules(sd, cfg, v, dt, budgetWeight) : null;
    SDVariable inter = null;
    SDVariable hdn = x.reshape(-1, cfg.inputDim()).mmul(v.get("sub.w")).add(v.get("sub.b")); // [N, d]
    for (int i = 0; i < cfg.layers(); i++) {
      String p = TensorLayout.layer(i);
      SDVariable a = layerNorm(sd, hdn, v.get(p + ".ln1.g"), v.get(p + ".ln1.b"));
      String qkvName = p + ".attn." + TensorLayout.QKV;
      SDVariable qkv = gates != null && cfg.acm().projections() ? gates.module(qkvName, a, false, false)
          : projection(v, qkvName, a, cfg); // [N, 3d]
      if (gates == null) {
        a.rename(qkvName + TAP_IN);
        qkv.rename(qkvName + TAP_OUT);
      }
      SDVariable q = heads(sd, qkv.get(SDIndex.all(), SDIndex.interval(0, d)), bt, tOnly, h, dh);
      SDVariable k = heads(sd, qkv.get(SDIndex.all(), SDIndex.interval(d, 2 * d)), bt, tOnly, h, dh);
      SDVariable val = heads(sd, qkv.get(SDIndex.all(), SDIndex.interval(2 * d, 3 * d)), bt, tOnly, h, dh);
      SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(dh)).add(bias); // [B·H, T, T]
      SDVariable att = sd.mmul(sd.nn.softmax(scores, 2), val); // [B·H, T, dh]
      SDVariable merged = att.reshape(sd.concat(0, bOnly, hConst, tOnly, dhConst)) // [B, H, T, dh]
          .permute(0, 2, 1, 3).reshape(-1, d); // [N, d]
      String oName = p + ".attn." + TensorLayout.OUT;
      SDVariable oOut = gates != null && cfg.acm().projections() ? gates.module(oName, merged, false, false)
          : projection(v, oName, merged, cfg);
      if (gates == null) {
        merged.rename(oName + TAP_IN);
        oOut.rename(oName + TAP_OUT);
      }
      if (dropout > 0) oOut = oOut.mul(sd.placeHolder(dropoutName(i, "attn"), dt, -1, d)); // [N, d]
      hdn = hdn.add(oOut);
      if (cfg.convKernel() > 0) {
        SDVariable c = convModule(sd, v, p + ".conv", hdn, bOnly, tOnly, cfg); // [N, d]
        if (dropout > 0) c = c.mul(sd.placeHolder(dropoutName(i, "conv"), dt, -1, d));
        hdn = hdn.add(c);
      }
      SDVariable f = layerNorm(sd, hdn, v.get(p + ".ln2.g"), v.get(p + ".ln2.b"));
      if (gates != null) {
        f = gates.module(p + ".ffn", f, true, true);
      } else {
        f.rename(p + ".ffn" + TAP_IN);
        f = sd.nn.gelu(f.mmul(v.get(p + ".ffn.w1")).add(v.get(p + ".ffn.b1")))
            .mmul(v.get(p + ".ffn.w2")).add(v.get(p + ".ffn.b2")).rename(p + ".ffn" + TAP_OUT);
      }
      if (dropout > 0) f = f.mul(sd.placeHolder(dropoutName(i, "ffn"), dt, -1, d)); // [N, d]
      hdn = hdn.add(f);
      if (i + 1 == interCtc.layer()) {
        inter = head(sd, v, hdn, bt, cfg).rename(INTER_LOGITS); // [B, T, V]
      }
    }
    SDVariable logits = head(sd, v, hdn, bt, cfg).rename(LOGITS); // [B, T, V]
    SDVariable surrogate = logits.mul(g).sum();
    if (inter != null) surrogate = surrogate.add(inter.mul(sd.placeHolder(G_INTER, dt, -1, -1, cfg.vocab())).sum());
    if (gates != null) surrogate = surrogate.add(gates.auxiliaryLoss());
    surrogate.rename(SURROGATE);
    sd.setLossVariables(SURROGATE);
    Quietly.createGradients(sd);
    return new EncoderGraph(sd, cfg, dt, dropout, interCtc);
  }

  /** The final layer norm and CTC projection on h [N, d] → logits [B, T, V]. */
  private static SDVariable head(SameDiff sd, Map<String, SDVariable> v, SDVariable h, SDVariable bt, ModelConfig cfg) {
    SDVariable out = layerNorm(sd, h, v.get("final.ln.g"), v.get("final.ln.b")).mmul(v.get("ctc.w"))
        .add(v.get("ctc.b")); // [N, V]
    return out.reshape(sd.concat(0, bt, sd.constant(Nd4j.createFromArray((long) cfg.vocab()))));
  }

  /**
   * The causal convolution module ({@link org.acmasr.model.ModelConfig}) on h [N, d] = [B·T, d]: the GLU
   * output is front-padded with K − 1 zero frames per utterance and convolved depthwise with VALID
   * padding, so frame t sees frames t − K + 1 .. t of its own utterance, as in streaming inference.
   */
  private static SDVariable convModule(SameDiff sd, Map<String, SDVariable> v, String p, SDVariable h,
      SDVariable bOnly, SDVariable tOnly, ModelConfig cfg) {
    int d = cfg.dModel();
    int k = cfg.convKernel();
    SDVariable u = layerNorm(sd, h, v.get(p + ".ln.g"), v.get(p + ".ln.b")).mmul(v.get(p + ".pw1.w"))
        .add(v.get(p + ".pw1.b")); // [N, 2d]
    SDVariable glu = u.get(SDIndex.all(), SDIndex.interval(0, d))
        .mul(sd.nn.sigmoid(u.get(SDIndex.all(), SDIndex.interval(d, 2 * d)))); // [N, d]
    SDVariable one = sd.constant(Nd4j.createFromArray(1L));
    SDVariable dConst = sd.constant(Nd4j.createFromArray((long) d));
    SDVariable g4 = glu.reshape(sd.concat(0, bOnly, tOnly, one, dConst)); // [B, T, 1, d] (NHWC)
    SDVariable z = g4;
    if (k > 1) {
      SDVariable pad = sd.fill(sd.concat(0, bOnly, sd.constant(Nd4j.createFromArray((long) k - 1)), one, dConst),
          g4.dataType(), 0.0); // [B, K − 1, 1, d]
      z = sd.concat(1, pad, g4); // [B, T + K − 1, 1, d]
    }
    SDVariable w = v.get(p + ".dw.w").reshape(k, 1, d, 1); // [kH, kW, channels, multiplier]
    z = sd.cnn.depthWiseConv2d(z, w, v.get(p + ".dw.b"), Conv2DConfig.builder().kH(k).kW(1).sH(1).sW(1)
        .paddingMode(PaddingMode.VALID).dataFormat("NHWC").build()); // [B, T, 1, d]
    SDVariable n = layerNorm(sd, z.reshape(-1, d), v.get(p + ".norm.g"), v.get(p + ".norm.b"));
    return sd.nn.swish(n).mmul(v.get(p + ".pw2.w")).add(v.get(p + ".pw2.b")); // [N, d]
  }

  private static String dropoutName(int layer, String part) {
    return "dropout." + TensorLayout.layer(layer) + "." + part;
  }

  /** The dropout rate this graph was built with (0: it has no masks). */
  public double dropout() {
    return dropout;
  }

  /**
   * Fresh dropout masks for a batch of {@code rows} = B·T frames: each unit is 0 with probability p,
   * else 1/(1 − p), so the expected output is unchanged. {@code rnd} null gives ones (no dropout, for
   * evaluation). Empty for a graph without dropout.
   */
  public Map<String, INDArray> dropoutMasks(long rows, SplittableRandom rnd) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    if (dropout == 0) return m;
    int d = cfg.dModel();
    float keep = (float) (1 / (1 - dropout));
    for (int i = 0; i < cfg.layers(); i++) {
      for (String part : cfg.convKernel() > 0 ? new String[] {"attn", "conv", "ffn"} : new String[] {"attn", "ffn"}) {
        if (rnd == null) {
          m.put(dropoutName(i, part), Nd4j.ones(dt, rows, d));
          continue;
        }
        float[] mask = new float[Math.toIntExact(rows * d)];
        for (int j = 0; j < mask.length; j++) mask[j] = rnd.nextDouble() < dropout ? 0f : keep;
        m.put(dropoutName(i, part), Nd4j.create(mask, new long[] {rows, d}, 'c').castTo(dt));
      }
    }
    return m;
  }

  /** {@code base} plus ones for every dropout mask of the graph (a forward pass without dropout). */
  private Map<String, INDArray> withoutDropout(Map<String, INDArray> base, long rows) {
    if (dropout == 0) return base;
    Map<String, INDArray> m = new LinkedHashMap<>(base);
    m.putAll(dropoutMasks(rows, null));
    return m;
  }

  /** Projection d → out: low-rank ACM at k = N (identity learners) or dense. */
  private static SDVariable projection(Map<String, SDVariable> v, String p, SDVariable a, ModelConfig cfg) {
    if (cfg.acm().projections()) {
      return a.mmul(v.get(p + ".w1")).add(v.get(p + ".b1")).mmul(v.get(p + ".w2")).add(v.get(p + ".b2"));
    }
    return a.mmul(v.get(p + ".w")).add(v.get(p + ".b"));
  }

  /** [N, d] → [B·H, T, dh]. */
  private static SDVariable heads(SameDiff sd, SDVariable m, SDVariable bt, SDVariable t, int h, int dh) {
    SDVariable four = m.reshape(sd.concat(0, bt, sd.constant(Nd4j.createFromArray((long) h, dh)))); // [B, T, H, dh]
    return four.permute(0, 2, 1, 3).reshape(sd.concat(0, sd.constant(Nd4j.createFromArray(-1L)), t,
        sd.constant(Nd4j.createFromArray((long) dh))));
  }

  /** Layer norm over the last dimension, biased variance, eps 1e-5: the same formula as inference. */
  private static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gain, SDVariable bias) {
    SDVariable mean = x.mean(true, 1);
    SDVariable xc = x.sub(mean);
    SDVariable var = xc.mul(xc).mean(true, 1);
    return xc.div(sd.math.sqrt(var.add(ModelConfig.LAYER_NORM_EPS))).mul(gain).add(bias);
  }

  public SameDiff sameDiff() {
    return sd;
  }

  public ModelConfig config() {
    return cfg;
  }

  public DataType dataType() {
    return dt;
  }

  /** Forward pass with any placeholders (the gated graph needs beta, valid and gumbel too). */
  public INDArray logits(Map<String, INDArray> placeholders) {
    return sd.output(placeholders, LOGITS).get(LOGITS);
  }

  /** The intermediate CTC head this graph was built with ({@link InterCtc#NONE}: none). */
  public InterCtc interCtc() {
    return interCtc;
  }

  /** One forward pass: the final logits and, with {@link #interCtc}, the intermediate ones (else null). */
  public INDArray[] logitsAndInter(Map<String, INDArray> placeholders) {
    if (!interCtc.enabled()) return new INDArray[] {logits(placeholders), null};
    Map<String, INDArray> o = sd.output(placeholders, LOGITS, INTER_LOGITS);
    return new INDArray[] {o.get(LOGITS), o.get(INTER_LOGITS)};
  }

  /** Gradients of the surrogate loss (CTC via ctc_grad, plus the gated graph's auxiliary losses). */
  public Map<String, INDArray> gradients(Map<String, INDArray> placeholders) {
    return sd.calculateGradients(placeholders, weightNames());
  }

  /** Mean cost (fraction of static learner MACs) the gated graph spent on the batch's real frames. */
  public double meanCost(Map<String, INDArray> placeholders) {
    return sd.output(placeholders, GatedModules.COST).get(GatedModules.COST).getDouble(0);
  }

  /**
   * Placeholders of the gated graph for a batch: β for every row, the real-frame mask from the
   * lengths, and Gumbel noise (standard, from {@code rnd}; null gives zeros = plain argmax).
   */
  public Map<String, INDArray> gatePlaceholders(int[] lengths, int frames, double beta,
      SplittableRandom rnd) {
    int rows = lengths.length * frames;
    float[] b = new float[rows];
    float[] valid = new float[rows];
    Arrays.fill(b, (float) beta);
    for (int u = 0; u < lengths.length; u++) for (int t = 0; t < lengths[u]; t++) valid[u * frames + t] = 1f;
    int cols = GatedModules.totalChoices(cfg);
    float[] g = new float[rows * cols];
    if (rnd != null) {
      for (int i = 0; i < g.length; i++) g[i] = (float) -Math.log(-Math.log(Math.max(1e-12, rnd.nextDouble())));
    }
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put(GatedModules.BETA, Nd4j.create(b, new long[] {rows, 1}, 'c').castTo(dt));
    m.put(GatedModules.VALID, Nd4j.create(valid, new long[] {rows, 1}, 'c').castTo(dt));
    m.put(GatedModules.GUMBEL, Nd4j.create(g, new long[] {rows, cols}, 'c').castTo(dt));
    return m;
  }

  /**
   * Inputs and outputs of every ACM module of the static graph on a batch, real frames only:
   * module prefix (e.g. layers.0.ffn) → {input rows [n, in], output rows [n, out]}.
   */
  public Map<String, INDArray[]> taps(INDArray x, INDArray bias, int[] lengths) {
    List<String> modules = new ArrayList<>();
    for (int i = 0; i < cfg.layers(); i++) {
      String p = TensorLayout.layer(i);
      modules.add(p + ".ffn");
      if (cfg.acm().projections()) {
        modules.add(p + ".attn." + TensorLayout.QKV);
        modules.add(p + ".attn." + TensorLayout.OUT);
      }
    }
    List<String> names = new ArrayList<>();
    for (String m : modules) {
      names.add(m + TAP_IN);
      names.add(m + TAP_OUT);
    }
    Map<String, INDArray> out = sd.output(withoutDropout(Map.of(X, x, BIAS, bias), x.size(0) * x.size(1)),
        names.toArray(new String[0]));
    int frames = (int) x.size(1);
    List<Integer> rows = new ArrayList<>();
    for (int u = 0; u < lengths.length; u++) for (int t = 0; t < lengths[u]; t++) rows.add(u * frames + t);
    int[] idx = rows.stream().mapToInt(Integer::intValue).toArray();
    Map<String, INDArray[]> taps = new LinkedHashMap<>();
    for (String m : modules) {
      taps.put(m, new INDArray[] {Nd4j.pullRows(out.get(m + TAP_IN), 1, idx), Nd4j.pullRows(out.get(m + TAP_OUT), 1, idx)});
    }
    return taps;
  }

  /** Forward pass without dropout: pre-softmax logits [B, T, V]. */
  public INDArray logits(INDArray x, INDArray bias) {
    return logits(withoutDropout(Map.of(X, x, BIAS, bias), x.size(0) * x.size(1)));
  }

  /** Gradients of Σ logits · ctcGrad with respect to every weight, by name (no dropout). */
  public Map<String, INDArray> gradients(INDArray x, INDArray bias, INDArray ctcGrad) {
    return gradients(withoutDropout(Map.of(X, x, BIAS, bias, G, ctcGrad), x.size(0) * x.size(1)));
  }

  /** Names of the trainable weights (the model file's tensor names). */
  public List<String> weightNames() {
    return sd.variables().stream().filter(s -> s.getVariableType() == VariableType.VARIABLE)
        .map(SDVariable::name).toList();
  }

  public INDArray weight(String name) {
    return sd.getVariable(name).getArr();
  }

  /** The current weights as model data (gates and CMVN from {@code base}). */
  public ModelData export(ModelData base) {
    Map<String, Tensor> t = new LinkedHashMap<>(base.tensors());
    for (String name : weightNames()) {
      INDArray a = weight(name).castTo(DataType.FLOAT).dup('c');
      t.put(name, new Tensor(a.shape(), a.data().asFloat()));
    }
    return new ModelData(base.config(), base.metadata(), t);
  }
}
