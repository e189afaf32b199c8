package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-utterance attention with the chunk mask: frame i in chunk c = i / C sees frames
 * [c·C − L, (c + 1)·C). Equivalent to streaming chunk by chunk with an L-frame cache; used to verify
 * the streaming path and by training.
 */
final class MaskedAttention implements Attention {
  private final ModelConfig cfg;
  private final float[] slopes;
  private final INDArray bias; // [H, T, T]
  private final int frames;

  MaskedAttention(ModelConfig cfg, int frames) {
    this.cfg = cfg;
    this.frames = frames;
    this.slopes = Alibi.slopes(cfg.heads());
    int h = cfg.heads();
    float[] b = new float[h * frames * frames];
    for (int head = 0; head < h; head++) {
      for (int i = 0; i < frames; i++) {
        int chunkStart = i / cfg.chunkFrames() * cfg.chunkFrames();
        int lo = chunkStart - cfg.leftContextFrames();
        int hi = chunkStart + cfg.chunkFrames();
        for (int j = 0; j < frames; j++) {
          b[(head * frames + i) * frames + j] = j >= lo && j < hi ? -slopes[head] * Math.abs(i - j) : Alibi.MASKED;
        }
      }
    }
    this.bias = Nn.array(b, h, frames, frames);
  }

  /** Number of keys frame i attends to. */
  int keys(int i) {
    int chunkStart = i / cfg.chunkFrames() * cfg.chunkFrames();
    return Math.min(frames, chunkStart + cfg.chunkFrames()) - Math.max(0, chunkStart - cfg.leftContextFrames());
  }

  @Override
  public INDArray attend(int layer, INDArray q, INDArray k, INDArray v, ComputeMeter meter) {
    int h = cfg.heads();
    int dh = cfg.headDim();
    INDArray qh = q.reshape(frames, h, dh).permute(1, 0, 2).dup('c'); // [H, T, dh]
    INDArray kh = k.reshape(frames, h, dh).permute(1, 0, 2).dup('c');
    INDArray vh = v.reshape(frames, h, dh).permute(1, 0, 2).dup('c');
    INDArray scores = Nd4j.matmul(qh, kh, false, true, false).muli(1.0 / Math.sqrt(dh)).addi(bias); // [H, T, T]
    INDArray p = Nn.softmaxLastDimInPlace(scores);
    INDArray o = Nd4j.matmul(p, vh); // [H, T, dh]
    for (int i = 0; i < frames; i++) meter.fixed(i, 2L * keys(i) * cfg.dModel());
    return o.permute(1, 0, 2).dup('c').reshape(frames, (long) h * dh);
  }
}
