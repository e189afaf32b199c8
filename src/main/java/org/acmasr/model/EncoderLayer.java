package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One pre-LN transformer layer: x += O(MHA(q, k, v of LN1(x))); x += FFN(LN2(x)). Immutable. */
final class EncoderLayer {
  private final float[] ln1g; // [d]
  private final float[] ln1b;
  private final Projection q; // d → d, dense or low-rank ACM
  private final Projection k;
  private final Projection v;
  private final Projection o;
  private final float[] ln2g;
  private final float[] ln2b;
  private final AcmModule ffn; // d → d_ff → d

  EncoderLayer(float[] ln1g, float[] ln1b, Projection q, Projection k, Projection v, Projection o, float[] ln2g,
      float[] ln2b, AcmModule ffn) {
    this.ln1g = ln1g;
    this.ln1b = ln1b;
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
    INDArray qa = q.forward(a, beta, valid, meter);
    INDArray ka = k.forward(a, beta, valid, meter);
    INDArray va = v.forward(a, beta, valid, meter);
    INDArray att = attention.attend(index, qa, ka, va, meter);
    INDArray h = x.add(o.forward(att, beta, valid, meter));
    INDArray f = ffn.forward(Nn.layerNorm(h, ln2g, ln2b), beta, valid, meter);
    return h.addi(f);
  }
}
