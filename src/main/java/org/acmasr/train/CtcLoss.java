package org.acmasr.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CTC loss and its gradient through libnd4j's native {@code ctc_loss} / {@code ctc_loss_grad} ops,
 * called eagerly. (SameDiff's own ctcLoss wrapper is broken in 1.0.0-M2.1: see shared/notes.) The
 * gradient is with respect to the pre-softmax logits; training feeds it back into the graph as the
 * weight of a surrogate loss Σ logits·G, whose parameter gradient equals the CTC gradient exactly.
 * Blank is token 0.
 */
public final class CtcLoss {
  private CtcLoss() {}

  /**
   * @param logits       pre-softmax scores [B, T, V]
   * @param labels       target token ids per utterance (no blanks)
   * @param logitLengths valid frames per utterance (≤ T)
   * @return per-utterance negative log-likelihood [B] and its gradient w.r.t. logits [B, T, V]
   */
  public static Result compute(INDArray logits, int[][] labels, int[] logitLengths) {
    int b = (int) logits.size(0);
    int maxLen = 1;
    for (int[] l : labels) maxLen = Math.max(maxLen, l.length);
    int[] flat = new int[b * maxLen];
    int[] labelLengths = new int[b];
    for (int i = 0; i < b; i++) {
      System.arraycopy(labels[i], 0, flat, i * maxLen, labels[i].length);
      labelLengths[i] = labels[i].length;
    }
    INDArray target = Nd4j.createFromArray(flat).reshape(b, maxLen);
    INDArray targetLen = Nd4j.createFromArray(labelLengths);
    INDArray logitLen = Nd4j.createFromArray(logitLengths);
    // The native op reads log-probabilities: feed log_softmax(logits).
    INDArray in = Nd4j.exec(new LogSoftMax(logits.dup('c'), 2))[0];
    INDArray loss = Nd4j.create(in.dataType(), b);
    Nd4j.exec(DynamicCustomOp.builder("ctc_loss").addInputs(target, in, targetLen, logitLen)
        .addIntegerArguments(0).addOutputs(loss).build());
    INDArray grad = Nd4j.create(in.dataType(), in.shape());
    Nd4j.exec(DynamicCustomOp.builder("ctc_loss_grad").addInputs(target, in, targetLen, logitLen)
        .addIntegerArguments(0).addOutputs(grad).build());
    return new Result(loss.castTo(DataType.DOUBLE).toDoubleVector(), grad);
  }

  /**
   * @param losses per-utterance −log p(labels | audio)
   * @param grad   d(Σ losses) / d logits, [B, T, V]
   */
  public record Result(double[] losses, INDArray grad) {
    public double mean() {
      double s = 0;
      for (double l : losses) s += l;
      return s / losses.length;
    }
  }
}
