package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.acmasr.budget.Budget;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Streaming inference over any split of the input equals whole-utterance inference with the chunk mask. */
class StreamingEquivalenceTest {

  /** Feeds frames in random pieces, running a chunk whenever C frames are pending, flushing the rest. */
  private static float[][] stream(AcmModel model, float[][] frames, float beta, Random r) {
    int c = model.config().chunkFrames();
    EncoderCache cache = model.newCache();
    List<float[]> pending = new ArrayList<>();
    List<float[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < frames.length) {
      int piece = Math.min(frames.length - pos, r.nextInt(2 * c + 1));
      for (int i = 0; i < piece; i++) pending.add(frames[pos + i]);
      pos += piece;
      while (pending.size() >= c) {
        List<float[]> chunk = new ArrayList<>(pending.subList(0, c));
        pending.subList(0, c).clear();
        out.addAll(List.of(model.forwardChunks(List.of(new ChunkInput(cache, chunk.toArray(new float[0][]), Budget.fixed(beta))))
            .get(0).logProbs()));
      }
    }
    if (!pending.isEmpty()) {
      out.addAll(List.of(model.forwardChunks(List.of(new ChunkInput(cache, pending.toArray(new float[0][]), Budget.fixed(beta))))
          .get(0).logProbs()));
    }
    assertEquals(frames.length, cache.position());
    return out.toArray(new float[0][]);
  }

  private static double maxDiff(float[][] a, float[][] b) {
    assertEquals(a.length, b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
    return m;
  }

  @ParameterizedTest
  @CsvSource({"false, false, 1.0, 0", "true, false, 0.5, 0", "true, true, 0.75, 0", "false, true, 1.0, 0",
      "true, false, 0.25, 0", "false, true, 1.0, 5", "true, true, 0.5, 5", "false, false, 1.0, 2", "true, true, 0.75, 15"})
  void anySplitEqualsWholeUtterance(boolean gated, boolean projections, float beta, int convKernel) throws Exception {
    ModelData data = ModelFactory.random(TestModels.tiny(gated, projections).withConvKernel(convKernel), 11);
    if (gated) data = ModelFactory.budgetFollowingGates(data);
    AcmModel model = AcmModel.of(data);
    Random r = new Random(5);
    for (int len : new int[] {1, 3, 4, 9, 23, 40}) {
      float[][] frames = TestModels.randomFrames(len, model.config().inputDim(), len);
      float[][] full = model.forwardFull(frames, Budget.fixed(beta)).logProbs();
      for (int trial = 0; trial < 4; trial++) {
        double diff = maxDiff(full, stream(model, frames, beta, r));
        assertTrue(diff < 1e-5, "len " + len + " trial " + trial + ": max |diff| " + diff);
      }
    }
  }

  /** Several streams of different lengths and positions batched in one call equal each run alone. */
  @ParameterizedTest
  @CsvSource({"false, 0", "true, 0", "true, 5"})
  void batchedStreamsEqualSeparateStreams(boolean projections, int convKernel) throws Exception {
    AcmModel model = AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(TestModels.tiny(true,
        projections).withConvKernel(convKernel), 2)));
    int[] lengths = {13, 4, 7, 21, 1};
    float[] betas = {1f, 0.5f, 0.25f, 0.75f, 1f};
    float[][][] inputs = new float[lengths.length][][];
    for (int s = 0; s < lengths.length; s++) inputs[s] = TestModels.randomFrames(lengths[s], model.config().inputDim(), 100 + s);
    float[][][] outs = BatchedStreams.run(model, inputs, betas);
    for (int s = 0; s < lengths.length; s++) {
      float[][] full = model.forwardFull(inputs[s], Budget.fixed(betas[s])).logProbs();
      double diff = maxDiff(full, outs[s]);
      assertTrue(diff < 1e-5, "stream " + s + ": " + diff);
    }
  }
}
