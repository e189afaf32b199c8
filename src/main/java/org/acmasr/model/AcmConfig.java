package org.acmasr.model;

import static org.acmasr.check.Require.require;

/**
 * Adaptive Computation Module settings.
 *
 * @param learners    N, learners per ACM (the FFN hidden layer, or a projection's rank, split N ways)
 * @param gated       false for a static model (the teacher): every frame runs all N learners
 * @param projections true when the attention q/k/v/o projections are ACMs too (low-rank learners)
 * @param gateHidden  width of the gate MLP's two hidden layers
 * @param projectionRank total rank of each projection ACM (its N learners have rank projectionRank / N
 *                    each); d/2 makes k = N cost the same as a dense d×d projection. Ignored when
 *                    {@code projections} is false.
 */
public record AcmConfig(int learners, boolean gated, boolean projections, int gateHidden, int projectionRank) {

  /** The most learners per module. */
  public static final int MAX_LEARNERS = 16;

  public AcmConfig {
    require(learners >= 1 && learners <= MAX_LEARNERS, "model.acm.learners", learners,
        "must be in [1, " + MAX_LEARNERS + "]");
    require(gateHidden >= 1 && gateHidden <= 256, "model.acm.gate_hidden", gateHidden, "must be in [1, 256]");
    require(projectionRank >= learners && projectionRank % learners == 0, "model.acm.projection_rank",
        projectionRank, "must be a positive multiple of acm.learners=" + learners);
  }

  /** FFN-only ACMs (dense projections). */
  public static AcmConfig ffnOnly(int learners, boolean gated, int gateHidden) {
    return new AcmConfig(learners, gated, false, gateHidden, learners);
  }

  /** The teacher: one code path, every k = N, no gates. */
  public AcmConfig asStatic() {
    return new AcmConfig(learners, false, projections, gateHidden, projectionRank);
  }

  /** The same modules split into {@code n} learners each (validated like any config). */
  public AcmConfig withLearners(int n) {
    return new AcmConfig(n, gated, projections, gateHidden, projectionRank);
  }

  public AcmConfig asGated() {
    return new AcmConfig(learners, true, projections, gateHidden, projectionRank);
  }
}
