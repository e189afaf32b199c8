package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One pre-LN transformer layer: x += O(MHA(QKV(LN1(x)))); [x += Conv(x)]; x += FFN(LN2(x)). Immutable.
 */
final class EncoderLayer {
  private final float[] ln1g; // [d]
  private final float[] ln1b;
  private final Projection qkv; // d → 3d fused [q | k | v], dense or low-rank ACM
  private final Projection o; // d → d, dense or low-rank ACM
  private final float[] ln2g;
  private final float[] ln2b;
  private final AcmModule ffn; // d → d_ff → d
  private final ConvModule conv; // null: no convolution module

  EncoderLayer(float[] ln1g, float[] ln1b, Projection qkv, Projection o, float[] ln2g, float[] ln2b, AcmModule ffn,
      ConvModule conv) {
    this.conv = conv;
    this.ln1g = ln1g;
    this.ln1b = ln1b;
    this.qkv = qkv;
    this.o = o;
    this.ln2g = ln2g;
    this.ln2b = ln2b;
    this.ffn = ffn;
  }

  AcmModule ffn() {
    return ffn;
  }

  /** x [R, d] → [R, d]. */
  INDArray forward(int index, INDArray x, float[] gateInput, boolean[] valid, Attention attention, ComputeMeter meter) {
    INDArray a = Nn.layerNorm(x, ln1g, ln1b);
    INDArray att = attention.attend(index, Nn.floats(qkv.forward(a, gateInput, valid, meter)), meter);
    INDArray h = x.add(o.forward(att, gateInput, valid, meter));
    if (conv != null) {
      h.addi(conv.forward(h, attention.segmentRows(), attention.validRows(), attention.convHistory(index), valid,
          meter));
    }
    INDArray f = ffn.forward(Nn.layerNorm(h, ln2g, ln2b), gateInput, valid, meter);
    return h.addi(f);
  }
}
