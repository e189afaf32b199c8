package org.acmasr.testutil;

import java.util.Random;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFormatException;

/** Small random models for tests: they run in milliseconds, are deterministic, and still emit (garbage) text. */
public final class TestModels {
  private TestModels() {}

  /** d 32, 2 layers of 4 heads, 4 learners per FFN with gates, 4-frame stacking, 4-frame chunks, 8 frames left. */
  public static ModelConfig tinyConfig() {
    return new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
  }

  /** {@link #tinyConfig()} with random weights and gates that follow the budget. */
  public static AcmModel tinyBudgetFollowing(long seed) throws ModelFormatException {
    return AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(tinyConfig(), seed)));
  }

  /** 20 mel bins, 2-frame stacking, d 32, 2 layers, 4 learners (gated and projected as asked), 4-frame chunks. */
  public static ModelConfig tiny(boolean gated, boolean projections) {
    return new ModelConfig(FbankConfig.defaults().withNumMelBins(20), 2, 32, 4, 2, 64,
        new AcmConfig(4, gated, projections, 8, 16), 4, 6, ModelConfig.englishTokens());
  }

  /** {@code t} frames of {@code dim} standard-normal features. */
  public static float[][] randomFrames(int t, int dim, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[t][dim];
    for (float[] row : x) for (int i = 0; i < dim; i++) row[i] = (float) r.nextGaussian();
    return x;
  }
}
