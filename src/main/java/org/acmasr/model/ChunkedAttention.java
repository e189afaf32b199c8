package org.acmasr.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Streaming attention for a batch of B streams, one chunk each. Rows are laid out stream-major,
 * C rows per stream (R = B·C); stream b has n_b ≤ C real rows, a cache of up to L frames, and attends to
 * the last k_b of them: at most its budget's context ({@link AcmModel#contextFrames}). With K the largest
 * k_b, keys of stream b occupy K + C slots: slots [K − k_b, K) hold the newest k_b cached frames, slots
 * [K, K + n_b) its new rows. The additive bias masks empty slots and applies ALiBi by absolute frame
 * distance, so the result equals {@link MaskedAttention} on the whole utterance with the same context. Up to {@link #JAVA_STREAMS} streams the scores,
 * softmax and weighted sums run in Java on the head-major arrays; above, as batched ND4J matmuls.
 */
final class ChunkedAttention implements Attention {
  private final ModelConfig cfg;
  private final List<EncoderCache> caches;
  private final int[] rowsPerStream;
  /** Up to this many streams attention runs in Java: below it ND4J's per-call costs outweigh the arithmetic. */
  static final int JAVA_STREAMS = 2;

  private final float[] biasv; // [B·H, C, K + C]
  private INDArray bias; // the same as an ND4J array, made on first use
  private final int streams;
  private final int chunk;
  private final int slots; // K + C: key slots per stream, K = the most cached frames any stream attends to
  private final int left; // K; slot j < K holds cache row L − K + j
  private final int[] keep; // [B] cached frames each stream attends to (≤ K)

  /** @param context per stream, the most cached frames its new rows attend to (≤ L) */
  ChunkedAttention(ModelConfig cfg, List<EncoderCache> caches, int[] rowsPerStream, int[] context) {
    this.cfg = cfg;
    this.caches = caches;
    this.rowsPerStream = rowsPerStream;
    this.streams = caches.size();
    this.chunk = cfg.chunkFrames();
    this.keep = new int[streams];
    int left = 0;
    for (int s = 0; s < streams; s++) {
      keep[s] = Math.min(Math.min(context[s], cfg.leftContextFrames()), caches.get(s).length);
      left = Math.max(left, keep[s]);
    }
    this.left = left;
    this.slots = left + chunk;
    int h = cfg.heads();
    float[] slopes = Alibi.slopes(h);
    float[] b = new float[streams * h * chunk * slots];
    for (int s = 0; s < streams; s++) {
      int cached = keep[s];
      int n = rowsPerStream[s];
      for (int head = 0; head < h; head++) {
        for (int i = 0; i < chunk; i++) {
          int base = ((s * h + head) * chunk + i) * slots;
          for (int j = 0; j < slots; j++) {
            boolean ok = j < left ? j >= left - cached : j - left < n;
            // distance between query frame (left + i) and key slot j, both in slot coordinates
            b[base + j] = ok ? -slopes[head] * Math.abs(left + i - j) : Alibi.MASKED;
          }
        }
      }
    }
    this.biasv = b;
  }

  @Override
  public int segmentRows() {
    return chunk;
  }

  @Override
  public int[] validRows() {
    return rowsPerStream;
  }

  @Override
  public float[][] convHistory(int layer) {
    float[][] h = new float[streams][];
    for (int s = 0; s < streams; s++) h[s] = caches.get(s).conv[layer];
    return h;
  }

  @Override
  public INDArray attend(int layer, float[] qkv, ComputeMeter meter) {
    int h = cfg.heads();
    int dh = cfg.headDim();
    int d = cfg.dModel();
    int cacheRows = cfg.leftContextFrames(); // L
    int stride = 3 * d;
    float scale = (float) (1.0 / Math.sqrt(dh));
    // Head-major layouts built directly in Java (no ND4J permute copies): [B, H, C|slots, dh].
    float[] qh = new float[streams * h * chunk * dh];
    float[] kh = new float[streams * h * slots * dh];
    float[] vh = new float[streams * h * slots * dh];
    for (int s = 0; s < streams; s++) {
      EncoderCache c = caches.get(s);
      for (int j = 0; j < slots; j++) {
        float[] ks;
        float[] vs;
        int kOff;
        int vOff;
        if (j < left) {
          ks = c.keys[layer];
          vs = c.values[layer];
          kOff = (cacheRows - left + j) * d;
          vOff = kOff;
        } else {
          ks = qkv;
          vs = qkv;
          kOff = (s * chunk + j - left) * stride + d;
          vOff = kOff + d;
        }
        for (int head = 0; head < h; head++) {
          int dst = ((s * h + head) * slots + j) * dh;
          System.arraycopy(ks, kOff + head * dh, kh, dst, dh);
          System.arraycopy(vs, vOff + head * dh, vh, dst, dh);
        }
      }
      for (int i = 0; i < chunk; i++) {
        int src = (s * chunk + i) * stride;
        for (int head = 0; head < h; head++) {
          int dst = ((s * h + head) * chunk + i) * dh;
          for (int e = 0; e < dh; e++) qh[dst + e] = qkv[src + head * dh + e] * scale;
        }
      }
      c.append(layer, qkv, stride, s * chunk * stride, rowsPerStream[s]);
      long macs = 2L * (keep[s] + rowsPerStream[s]) * d;
      for (int i = 0; i < rowsPerStream[s]; i++) meter.fixed(s * chunk + i, macs);
    }
    if (streams <= JAVA_STREAMS) return attendInJava(qh, kh, vh);
    long bh = (long) streams * h;
    if (bias == null) bias = Nn.array(biasv, bh, chunk, slots);
    INDArray qa = Nn.array(qh, bh, chunk, dh);
    INDArray ka = Nn.array(kh, bh, slots, dh);
    INDArray va = Nn.array(vh, bh, slots, dh);
    INDArray scores = Nd4j.matmul(qa, ka, false, true, false).addi(bias);
    INDArray p = Nn.softmaxLastDimInPlace(scores); // [B·H, C, K + C]
    INDArray o = Nd4j.matmul(p, va); // [B·H, C, dh]
    return o.reshape(streams, h, chunk, dh).permute(0, 2, 1, 3).dup('c').reshape((long) streams * chunk, d);
  }

  /**
   * The same attention as the ND4J path on the head-major arrays q [B·H, C, dh] (scaled), k and v
   * [B·H, K + C, dh]: scores + bias, softmax over the slots, weighted sum of values → [B·C, d].
   */
  private INDArray attendInJava(float[] q, float[] k, float[] v) {
    int h = cfg.heads();
    int dh = cfg.headDim();
    int d = cfg.dModel();
    float[] o = new float[streams * chunk * d];
    float[] p = new float[slots];
    for (int bh = 0; bh < streams * h; bh++) {
      int s = bh / h;
      int head = bh % h;
      for (int i = 0; i < chunk; i++) {
        int qo = (bh * chunk + i) * dh;
        int bo = (bh * chunk + i) * slots;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < slots; j++) {
          int ko = (bh * slots + j) * dh;
          float dot = 0f;
          for (int e = 0; e < dh; e++) dot += q[qo + e] * k[ko + e];
          p[j] = dot + biasv[bo + j];
          max = Math.max(max, p[j]);
        }
        float sum = 0f;
        for (int j = 0; j < slots; j++) {
          p[j] = (float) Math.exp(p[j] - max);
          sum += p[j];
        }
        int oo = (s * chunk + i) * d + head * dh;
        for (int j = 0; j < slots; j++) {
          float w = p[j] / sum;
          int vo = (bh * slots + j) * dh;
          for (int e = 0; e < dh; e++) o[oo + e] += w * v[vo + e];
        }
      }
    }
    return Nn.array(o, (long) streams * chunk, d);
  }
}
