package org.acmasr.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acmasr.model.ModelConfig;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Phase 3 (end-to-end) ACM modules in the training graph. Each module's gate — the same MLP over
 * [x, β] as at inference — scores k per frame; the choice is a hard Gumbel-softmax sample
 * (temperature {@link #TAU}) with a straight-through gradient: forward uses the one-hot of
 * argmax(logits + g), backward the gradient of softmax((logits + g)/τ). All learners are computed for
 * every frame and masked, so h(x, k) = b2·[k ≥ 1] + Σ_{n ≤ k} s_n(x) exactly as at inference.
 *
 * <p>Auxiliary losses, added to the per-frame CTC loss:
 * <ul>
 *   <li>budget α_b·|c̄ − β̄| (α_b = {@link #DEFAULT_BUDGET_WEIGHT} unless given; at 0.1 fine-tuning let
 *       the compute at β = 0.5 drift to 0.80, and with distillation from the teacher at weight 1 the
 *       compute at β = 0.5 drifted to 0.73): c̄ = mean over real frames of the frame's cost (learner
 *       MACs run / static learner MACs), β̄ the batch's requested budget;
 *   <li>entropy α_e·mean H(softmax) (α_e = 0.05): minimised, so gates become decisive and the
 *       argmax used at inference matches what training saw;
 *   <li>diversity −α_d·std(c) (α_d = 0.05): rewards spending different amounts on different frames,
 *       which is the point (quiet frames cheap, hard frames expensive) and keeps gates from
 *       collapsing to one constant k.
 * </ul>
 * Placeholders: {@code beta} [N, 1], {@code valid} [N, 1] (1 for real frames), {@code gumbel}
 * [N, total choices] (standard Gumbel noise; zeros for deterministic argmax).
 */
final class GatedModules {
  static final String BETA = "beta";
  static final String VALID = "valid";
  static final String GUMBEL = "gumbel";
  static final String COST = "mean_cost";
  static final double TAU = 0.8;
  /** α_b when none is given. */
  public static final double DEFAULT_BUDGET_WEIGHT = 1.0;
  static final double ALPHA_ENTROPY = 0.05;
  static final double ALPHA_DIVERSITY = 0.05;

  private final SameDiff sd;
  private final ModelConfig cfg;
  private final Map<String, SDVariable> v;
  private final SDVariable beta;
  private final SDVariable valid;
  private final SDVariable gumbel;
  private final double budgetWeight;
  private int gumbelOffset;
  private SDVariable costNumerator; // [N, 1]: Σ_m learnerMacs_m · k_m
  private double costDenominator; // Σ_m learnerMacs_m · N
  private final List<SDVariable> entropies = new ArrayList<>();

  /** @param budgetWeight α_b, the weight of the budget loss; checked by {@link EncoderGraph#build}, the only caller */
  GatedModules(SameDiff sd, ModelConfig cfg, Map<String, SDVariable> v, DataType dt, double budgetWeight) {
    this.sd = sd;
    this.budgetWeight = budgetWeight;
    this.cfg = cfg;
    this.v = v;
    this.beta = sd.placeHolder(BETA, dt, -1, 1);
    this.valid = sd.placeHolder(VALID, dt, -1, 1);
    this.gumbel = sd.placeHolder(GUMBEL, dt, -1, totalChoices(cfg));
  }

  /** Refuses a budget weight outside (0, 100], naming the option. */
  static void checkBudgetWeight(double w) {
    if (!(w > 0 && w <= 100)) throw new IllegalArgumentException("acm.budget_weight = " + w + ": must be in (0, 100]");
  }

  /** Gumbel columns needed: per layer the FFN's N+1 choices and, with projection ACMs, 2 × N. */
  static int totalChoices(ModelConfig cfg) {
    int n = cfg.acm().learners();
    return cfg.layers() * ((n + 1) + (cfg.acm().projections() ? 2 * n : 0));
  }

  /**
   * @param p       module tensor prefix (e.g. layers.0.ffn)
   * @param x       input rows [N, in]
   * @param canSkip FFN (k = 0 allowed) or projection (k ≥ 1)
   * @param gelu    learner activation
   */
  SDVariable module(String p, SDVariable x, boolean canSkip, boolean gelu) {
    int n = cfg.acm().learners();
    SDVariable w1 = v.get(p + ".w1");
    SDVariable w2 = v.get(p + ".w2");
    long in = w1.getShape()[0];
    long hiddenAll = w1.getShape()[1];
    long out = w2.getShape()[1];
    int width = (int) (hiddenAll / n);
    SDVariable h = x.mmul(w1).add(v.get(p + ".b1"));
    if (gelu) h = sd.nn.gelu(h);
    // Gate: [x, β] → relu → relu → logits.
    SDVariable xb = sd.concat(1, x, beta);
    SDVariable g1 = sd.nn.relu(xb.mmul(v.get(p + ".gate.w1")).add(v.get(p + ".gate.b1")), 0);
    SDVariable g2 = sd.nn.relu(g1.mmul(v.get(p + ".gate.w2")).add(v.get(p + ".gate.b2")), 0);
    SDVariable logits = g2.mmul(v.get(p + ".gate.w3")).add(v.get(p + ".gate.b3"));
    int choices = canSkip ? n + 1 : n;
    SDVariable noise = gumbel.get(SDIndex.all(), SDIndex.interval(gumbelOffset, gumbelOffset + choices));
    gumbelOffset += choices;
    SDVariable perturbed = logits.add(noise);
    SDVariable soft = sd.nn.softmax(perturbed.div(TAU), 1);
    SDVariable hard = sd.oneHot(sd.argmax(perturbed, 1), choices, -1, 1.0, 0.0, soft.dataType());
    SDVariable y = hard.add(soft).sub(detached(soft)); // straight-through
    // Entropy of the soft choice; log(p + 1e-10) stays finite where p underflows to 0.
    entropies.add(soft.mul(sd.math.log(soft.add(1e-10))).sum(true, 1).neg()); // [N, 1]
    // Learner l runs iff k ≥ l + 1. As matrices (no width-1 slices, which SameDiff squeezes):
    // unitMask = y · R, R[c][j] = 1 when choice c runs the learner owning hidden unit j; then
    // output = (H ⊙ unitMask) · W2 + [k ≥ 1] · b2 — the same single matmul as the static module.
    double[][] r = new double[choices][(int) hiddenAll];
    double[] runs = new double[choices];
    for (int c = 0; c < choices; c++) {
      int k = canSkip ? c : c + 1;
      runs[c] = k >= 1 ? 1 : 0;
      for (int j = 0; j < k * width; j++) r[c][j] = 1;
    }
    SDVariable unitMask = y.mmul(constant(r, soft.dataType())); // [N, N·b]
    SDVariable anyRun = y.mmul(constant(column(runs), soft.dataType())); // [N, 1]
    SDVariable result = h.mul(unitMask).mmul(w2).add(anyRun.mul(v.get(p + ".b2")));
    // Expected k per row (hard in the forward pass): Σ_c k(c) · y_c.
    double[] ks = new double[choices];
    for (int c = 0; c < choices; c++) ks[c] = canSkip ? c : c + 1;
    SDVariable kRow = y.mmul(constant(column(ks), soft.dataType())); // [N, 1]
    double learnerMacs = in * width + (double) width * out;
    SDVariable weighted = kRow.mul(learnerMacs);
    costNumerator = costNumerator == null ? weighted : costNumerator.add(weighted);
    costDenominator += learnerMacs * n;
    return result;
  }

  private SDVariable constant(double[][] m, DataType dt) {
    return sd.constant(org.nd4j.linalg.factory.Nd4j.createFromArray(m).castTo(dt));
  }

  private static double[][] column(double[] v) {
    double[][] c = new double[v.length][1];
    for (int i = 0; i < v.length; i++) c[i][0] = v[i];
    return c;
  }

  /**
   * s without a gradient: floor(s·2^20)/2^20, whose derivative is 0 (libnd4j's StopGradient op is not
   * executed by SameDiff's inference session in 1.0.0-M2.1: its output stays null). Differs from s by
   * less than 2^−20 ≈ 1e-6, which is all the straight-through estimator adds to the forward pass.
   */
  private SDVariable detached(SDVariable s) {
    double q = 1 << 20;
    return sd.math.floor(s.mul(q)).div(q);
  }

  /** α_b·|c̄ − β̄| + α_e·mean entropy − α_d·std(c), over real frames. */
  SDVariable auxiliaryLoss() {
    SDVariable frames = valid.sum();
    SDVariable cost = costNumerator.div(costDenominator); // [N, 1]
    SDVariable meanCost = cost.mul(valid).sum().div(frames).rename(COST);
    SDVariable meanBeta = beta.mul(valid).sum().div(frames);
    SDVariable budget = sd.math.abs(meanCost.sub(meanBeta)).mul(budgetWeight);
    SDVariable entropy = null;
    for (SDVariable e : entropies) entropy = entropy == null ? e : entropy.add(e);
    SDVariable meanEntropy = entropy.div(entropies.size()).mul(valid).sum().div(frames).mul(ALPHA_ENTROPY);
    SDVariable centred = cost.sub(meanCost).mul(valid);
    SDVariable std = sd.math.sqrt(centred.mul(centred).sum().div(frames).add(1e-8));
    return budget.add(meanEntropy).sub(std.mul(ALPHA_DIVERSITY)).rename("aux_loss");
  }
}
