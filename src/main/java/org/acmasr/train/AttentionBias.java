package org.acmasr.train;

import org.acmasr.model.Alibi;
import org.acmasr.model.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The additive attention bias of a padded training batch, [B·H, T, T]: the streaming chunk mask
 * (frame i in chunk c sees [c·C − L, (c + 1)·C)), ALiBi (−slope_h·|i − j|) and key padding (frames
 * at or after an utterance's length are masked). Training with it computes exactly what streaming
 * inference computes.
 */
public final class AttentionBias {
  private AttentionBias() {}

  public static INDArray of(ModelConfig cfg, int[] lengths, int frames, DataType dt) {
    int h = cfg.heads();
    int c = cfg.chunkFrames();
    int left = cfg.leftContextFrames();
    float[] slopes = Alibi.slopes(h);
    float[] b = new float[lengths.length * h * frames * frames];
    for (int u = 0; u < lengths.length; u++) {
      for (int head = 0; head < h; head++) {
        float slope = slopes[head];
        int base = (u * h + head) * frames * frames;
        for (int i = 0; i < frames; i++) {
          int chunkStart = i / c * c;
          int lo = chunkStart - left;
          int hi = Math.min(chunkStart + c, lengths[u]);
          for (int j = 0; j < frames; j++) {
            boolean ok = j >= lo && j < hi || (i >= lengths[u] && j == 0); // padded queries see frame 0
            b[base + i * frames + j] = ok ? -slope * Math.abs(i - j) : Alibi.MASKED;
          }
        }
      }
    }
    return Nd4j.create(b, new long[] {(long) lengths.length * h, frames, frames}, 'c').castTo(dt);
  }
}
