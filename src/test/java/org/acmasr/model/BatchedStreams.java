package org.acmasr.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.acmasr.budget.Budget;

/** Test helper: streams of any lengths and budgets decoded chunk by chunk, all ready ones batched in one call. */
final class BatchedStreams {
  private BatchedStreams() {}

  /** Per stream, its log-probabilities frame by frame. */
  static float[][][] run(AcmModel model, float[][][] inputs, float[] betas) {
    int c = model.config().chunkFrames();
    int n = inputs.length;
    EncoderCache[] caches = new EncoderCache[n];
    List<List<float[]>> outs = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      caches[s] = model.newCache();
      outs.add(new ArrayList<>());
    }
    for (int start = 0; ; start += c) {
      List<ChunkInput> batch = new ArrayList<>();
      List<Integer> who = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        if (start < inputs[s].length) {
          float[][] chunk = Arrays.copyOfRange(inputs[s], start, Math.min(inputs[s].length, start + c));
          batch.add(new ChunkInput(caches[s], chunk, Budget.fixed(betas[s])));
          who.add(s);
        }
      }
      if (batch.isEmpty()) break;
      List<ChunkOutput> res = model.forwardChunks(batch);
      for (int i = 0; i < res.size(); i++) outs.get(who.get(i)).addAll(List.of(res.get(i).logProbs()));
    }
    float[][][] out = new float[n][][];
    for (int s = 0; s < n; s++) out[s] = outs.get(s).toArray(new float[0][]);
    return out;
  }
}
