package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.acmasr.budget.Budget;
import org.acmasr.features.FbankConfig;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.api.Test;

/** Below β = 1 the attention looks back over fewer cached frames ({@link AcmModel#contextFrames}). */
class BudgetContextTest {
  /** 4-frame chunks and 16 frames of left context, so the budget's context differs from L. */
  private static AcmModel model() throws ModelFormatException {
    ModelConfig cfg = new ModelConfig(FbankConfig.defaults().withNumMelBins(20), 2, 32, 4, 2, 64,
        new AcmConfig(4, true, true, 8, 16), 4, 16, ModelConfig.englishTokens());
    return AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 7)));
  }

  @Test
  void contextIsTheBudgetsShareOfTheLeftContextInWholeChunks() throws Exception {
    AcmModel shipped = AcmModel.of(ModelFactory.random(ModelFactory.defaultConfig(), 1)); // C = 8, L = 48
    assertEquals(48, shipped.contextFrames(1f));
    assertEquals(40, shipped.contextFrames(0.75f));
    assertEquals(24, shipped.contextFrames(0.5f));
    assertEquals(16, shipped.contextFrames(0.25f));
    assertEquals(16, shipped.contextFrames(0.05f), "never below two chunks");
    AcmModel m = model();
    assertEquals(16, m.contextFrames(1f));
    assertEquals(8, m.contextFrames(0.5f));
    assertEquals(8, m.contextFrames(0.1f));
  }

  /**
   * A frame older than the budget's receptive field (2 layers × 8 frames back from the last chunk's start
   * at β = 0.5) changes nothing in the last chunk's output at β = 0.5, but does at β = 1, where the field
   * reaches twice as far; streaming equals the whole-utterance forward at both.
   */
  @Test
  void framesOutsideTheBudgetsContextAreNotSeen() throws Exception {
    AcmModel m = model();
    int dim = m.config().inputDim();
    float[][] a = TestModels.randomFrames(40, dim, 3);
    float[][] b = Arrays.stream(a).map(float[]::clone).toArray(float[][]::new);
    for (int i = 0; i < dim; i++) b[10][i] += 3f; // frame 10; the last chunk starts at 36: 36 − 2·8 = 20 > 10
    for (float beta : new float[] {1f, 0.5f}) {
      float[][] fa = m.forwardFull(a, Budget.fixed(beta)).logProbs();
      float[][] fb = m.forwardFull(b, Budget.fixed(beta)).logProbs();
      double lastChunk = 0;
      for (int t = 36; t < 40; t++) lastChunk = Math.max(lastChunk, maxDiff(fa[t], fb[t]));
      if (beta == 1f) assertTrue(lastChunk > 1e-4, "β = 1 sees 16 frames back per layer: " + lastChunk);
      else assertTrue(lastChunk < 1e-6, "β = 0.5 sees 8 frames back per layer: " + lastChunk);
      assertTrue(maxDiff(fa[12], fb[12]) > 1e-4, "a frame inside the context changes the output");
      assertTrue(maxDiff(fa, stream(m, a, beta)) < 1e-5, "streaming equals the whole utterance at β = " + beta);
    }
  }

  /** Streams of different budgets (so different contexts) batched in one call equal each run alone. */
  @Test
  void batchedStreamsOfDifferentBudgetsEqualEachAlone() throws Exception {
    AcmModel m = model();
    int[] lengths = {37, 9, 22, 30};
    float[] betas = {1f, 0.5f, 0.25f, 0.75f};
    float[][][] in = new float[lengths.length][][];
    for (int s = 0; s < lengths.length; s++) in[s] = TestModels.randomFrames(lengths[s], m.config().inputDim(), 50 + s);
    float[][][] outs = BatchedStreams.run(m, in, betas);
    for (int s = 0; s < lengths.length; s++) {
      double diff = maxDiff(m.forwardFull(in[s], Budget.fixed(betas[s])).logProbs(), outs[s]);
      assertTrue(diff < 1e-5, "stream " + s + " (β " + betas[s] + "): " + diff);
    }
  }

  private static float[][] stream(AcmModel m, float[][] frames, float beta) {
    int c = m.config().chunkFrames();
    EncoderCache cache = m.newCache();
    List<float[]> out = new ArrayList<>();
    for (int start = 0; start < frames.length; start += c) {
      float[][] chunk = Arrays.copyOfRange(frames, start, Math.min(frames.length, start + c));
      out.addAll(List.of(m.forwardChunks(List.of(new ChunkInput(cache, chunk, Budget.fixed(beta)))).get(0).logProbs()));
    }
    return out.toArray(new float[0][]);
  }

  private static double maxDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    return d;
  }

  private static double maxDiff(float[][] a, float[][] b) {
    assertEquals(a.length, b.length);
    double d = 0;
    for (int i = 0; i < a.length; i++) d = Math.max(d, maxDiff(a[i], b[i]));
    return d;
  }
}
