package org.acmasr.train;

import java.util.List;
import org.acmasr.model.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One padded training batch.
 *
 * @param x       stacked, normalised input [B, T, S·F]
 * @param bias    attention bias [B·H, T, T]
 * @param lengths valid encoder frames per utterance
 * @param labels  target token ids per utterance
 */
public record TrainBatch(INDArray x, INDArray bias, int[] lengths, int[][] labels) {

  /**
   * @param utterances stacked normalised encoder frames per utterance ([T_u][S·F])
   * @param labels     token ids per utterance
   */
  public static TrainBatch of(ModelConfig cfg, List<float[][]> utterances, List<int[]> labels, DataType dt) {
    int b = utterances.size();
    int frames = 1;
    int[] lengths = new int[b];
    for (int i = 0; i < b; i++) {
      lengths[i] = utterances.get(i).length;
      frames = Math.max(frames, lengths[i]);
    }
    int dim = cfg.inputDim();
    float[] flat = new float[b * frames * dim];
    for (int i = 0; i < b; i++) {
      float[][] u = utterances.get(i);
      for (int t = 0; t < u.length; t++) System.arraycopy(u[t], 0, flat, (i * frames + t) * dim, dim);
    }
    INDArray x = Nd4j.create(flat, new long[] {b, frames, dim}, 'c').castTo(dt);
    return new TrainBatch(x, AttentionBias.of(cfg, lengths, frames, dt), lengths, labels.toArray(new int[0][]));
  }

  /** Encoder frames in the batch (excluding padding). */
  public long frames() {
    long n = 0;
    for (int l : lengths) n += l;
    return n;
  }
}
