package org.acmasr.train;

/**
 * Intermediate CTC (Lee and Watanabe, 2021): the output of encoder layer {@code layer} also goes
 * through the model's final layer norm and CTC head (shared, no new weights) and its CTC loss is mixed in,
 * {@code loss = (1 − weight) · CTC(final) + weight · CTC(layer)}. It regularises the lower layers of a
 * small model trained on little data and costs nothing at inference (the head at {@code layer} exists
 * only in the training graph).
 *
 * @param layer  number of encoder layers below the intermediate head, in [1, layers − 1]; 0 = none
 * @param weight weight of the intermediate loss, in (0, 1) (0 with layer 0)
 */
public record InterCtc(int layer, double weight) {
  /** No intermediate loss. */
  public static final InterCtc NONE = new InterCtc(0, 0);

  public InterCtc {
    if (layer < 0) throw new IllegalArgumentException("train.inter_ctc.layer = " + layer + ": must be >= 0");
    if (layer == 0 ? weight != 0 : !(weight > 0 && weight < 1)) {
      throw new IllegalArgumentException("train.inter_ctc.weight = " + weight + ": must be in (0, 1)"
          + (layer == 0 ? " with a layer, 0 without" : ""));
    }
  }

  public boolean enabled() {
    return layer > 0;
  }

  /** @throws IllegalArgumentException naming the key unless {@code layer} lies strictly inside a model of {@code layers} layers */
  public void checkFits(int layers) {
    if (enabled() && layer >= layers) {
      throw new IllegalArgumentException("train.inter_ctc.layer = " + layer + ": must be in [1, " + (layers - 1)
          + "] for a model of " + layers + " layers");
    }
  }
}
