package org.acmasr.testutil;

import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFormatException;

/** Small random models for tests: fast, deterministic, and they still emit (garbage) text. */
public final class TestModels {
  private TestModels() {}

  /** d 32, 4 layers, 4 learners per FFN with gates, 4-frame stacking, 8-frame chunks. */
  public static ModelConfig tinyConfig() {
    return new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
  }

  /** {@link #tinyConfig()} with random weights and gates that follow the budget. */
  public static AcmModel tinyBudgetFollowing(long seed) throws ModelFormatException {
    return AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(tinyConfig(), seed)));
  }
}
