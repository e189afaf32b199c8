package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-utterance attention with the chunk mask: frame i in chunk c = i / C sees frames
 * [c·C − K, (c + 1)·C), K ≤ L the context ({@link AcmModel#contextFrames}). Equivalent to streaming chunk
 * by chunk with an L-frame cache attending to its last K frames; used to verify the streaming path.
 */
final class MaskedAttention implements Attention {
  private final ModelConfig cfg;
  private final float[] slopes;
  private final INDArray bias; // [H, T, T]
  private final int frames;
  private final int context; // cached frames a chunk sees (L, or fewer below β = 1)

  /** @param context cached frames each chunk attends to, ≤ L ({@link AcmModel#contextFrames}) */
  MaskedAttention(ModelConfig cfg, int frames, int context) {
    this.cfg = cfg;
    this.frames = frames;
    this.context = Math.min(context, cfg.leftContextFrames());
    this.slopes = Alibi.slopes(cfg.heads());
    int h = cfg.heads();
    float[] b = new float[h * frames * frames];
    for (int head = 0; head < h; head++) {
      for (int i = 0; i < frames; i++) {
        int chunkStart = i / cfg.chunkFrames() * cfg.chunkFrames();
        int lo = chunkStart - this.context;
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
    return Math.min(frames, chunkStart + cfg.chunkFrames()) - Math.max(0, chunkStart - context);
  }

  @Override
  public int segmentRows() {
    return frames;
  }

  @Override
  public int[] validRows() {
    return new int[] {frames};
  }

  /** Zeros: the utterance is the whole stream. */
  @Override
  public float[][] convHistory(int layer) {
    return new float[][] {new float[Math.max(0, cfg.convKernel() - 1) * cfg.dModel()]};
  }

  @Override
  public INDArray attend(int layer, float[] qkv, ComputeMeter meter) {
    int h = cfg.heads();
    int dh = cfg.headDim();
    int d = cfg.dModel();
    float scale = (float) (1.0 / Math.sqrt(dh));
    float[] qh = new float[h * frames * dh];
    float[] kh = new float[h * frames * dh];
    float[] vh = new float[h * frames * dh];
    for (int i = 0; i < frames; i++) {
      for (int head = 0; head < h; head++) {
        int src = i * 3 * d + head * dh;
        int dst = (head * frames + i) * dh;
        for (int e = 0; e < dh; e++) qh[dst + e] = qkv[src + e] * scale;
        System.arraycopy(qkv, src + d, kh, dst, dh);
        System.arraycopy(qkv, src + 2 * d, vh, dst, dh);
      }
      meter.fixed(i, 2L * keys(i) * d);
    }
    INDArray scores = Nd4j.matmul(Nn.array(qh, h, frames, dh), Nn.array(kh, h, frames, dh), false, true, false)
        .addi(bias); // [H, T, T]
    INDArray p = Nn.softmaxLastDimInPlace(scores);
    INDArray o = Nd4j.matmul(p, Nn.array(vh, h, frames, dh)); // [H, T, dh]
    return o.permute(1, 0, 2).dup('c').reshape(frames, (long) h * dh);
  }
}
