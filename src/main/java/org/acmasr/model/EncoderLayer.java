package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One pre-LN transformer layer: x += O(MHA(q, k, v of LN1(x))); x += FFN(LN2(x)). Immutable. */
final class EncoderLayer {
  private final float[] ln1g; // [d]
  private final float[] ln1b;
  private final Projection qkv; // d → 3d fused [q | k | v] (dense), or null when q, k, v are separate ACMs
  private final Projection q; // d → d low-rank ACMs (null when fused)
  private final Projection k;
  private final Projection v;
  private final Projection o; // d → d, dense or low-rank ACM
  private final float[] ln2g;
  private final float[] ln2b;
  private final AcmModule ffn; // d → d_ff → d

  EncoderLayer(float[] ln1g, float[] ln1b, Projection qkv, Projection q, Projection k, Projection v, Projection o,
      float[] ln2g, float[] ln2b, AcmModule ffn) {
    this.ln1g = ln1g;
    this.ln1b = ln1b;
    this.qkv = qkv;
    this.q = q;
    this.k = k;
    this.v = v;
    this.o = o;
    this.ln2g = ln2g;
    this.ln2b = ln2b;
    this.ffn = ffn;
  }

  AcmModule ffn() {
    return ffn;
  }

  /** x [R, d] → [R, d]. */
  INDArray forward(int index, INDArray x, float[] beta, boolean[] valid, Attention attention, ComputeMeter meter) {
    INDArray a = Nn.layerNorm(x, ln1g, ln1b);
    INDArray fused = qkv != null ? qkv.forward(a, beta, valid, meter)
        : Nd4j.hstack(q.forward(a, beta, valid, meter), k.forward(a, beta, valid, meter), v.forward(a, beta, valid, meter));
    INDArray att = attention.attend(index, Nn.floats(fused), meter);
    INDArray h = x.add(o.forward(att, beta, valid, meter));
    INDArray f = ffn.forward(Nn.layerNorm(h, ln2g, ln2b), beta, valid, meter);
    return h.addi(f);
  }
}
