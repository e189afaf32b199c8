package org.acmasr.model;

import org.acmasr.features.FbankConfig;

/** Small configurations that run in milliseconds. */
final class TestModels {
  private TestModels() {}

  static ModelConfig tiny(boolean gated, boolean projections) {
    return new ModelConfig(FbankConfig.defaults().withNumMelBins(20), 2, 32, 4, 2, 64,
        new AcmConfig(4, gated, projections, 8, 16), 4, 6, ModelConfig.englishTokens());
  }

  static float[][] randomFrames(int t, int dim, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[][] x = new float[t][dim];
    for (float[] row : x) for (int i = 0; i < dim; i++) row[i] = (float) r.nextGaussian();
    return x;
  }
}
