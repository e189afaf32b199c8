package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One pre-LN transformer layer: x += O(MHA(q, k, v of LN1(x))); x += FFN(LN2(x)). Immutable. */
final class EncoderLayer {
  private final INDArray ln1g; // [d]
  private final INDArray ln1b;
  private final Projection q; // d → d, dense or low-rank ACM
  private final Projection k;
  private final Projection v;
  private final Projection o;
  private final INDArray ln2g;
  private final INDArray ln2b;
  private final AcmModule ffn; // d → d_ff → d

  EncoderLayer(INDArray ln1g, INDArray ln1b, Projection q, Projection k, Projection v, Projection o, INDArray ln2g,
      INDArray ln2b, AcmModule ffn) {
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
