package org.acmasr.train;

import org.acmasr.model.ModelData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Output-level knowledge distillation for phase 3: per real frame, the student's CTC posteriors are
 * pulled towards the static teacher's by KL(p_teacher ‖ p_student). The teacher is the model the
 * student was distilled from, so both share its alignment (the same spikes at the same frames) and the
 * frame-level KL is a dense, budget-independent target: at a small β the student learns to keep the
 * teacher's decisions rather than only the transcript's. Added to the per-frame CTC loss with weight
 * {@code weight}. Immutable; the teacher graph is only read.
 */
public final class LogitDistillation {
  private final EncoderGraph teacher;
  private final double weight;

  /**
   * @param teacher static teacher (same vocabulary and input as the student)
   * @param weight  α_kd ≥ 0, the KL's weight against the per-frame CTC loss
   */
  public LogitDistillation(ModelData teacher, double weight) {
    if (teacher.config().acm().gated()) {
      throw new IllegalArgumentException("distillation teacher: is gated; give the static teacher");
    }
    if (!(weight > 0 && weight <= 100)) {
      throw new IllegalArgumentException("acm.distill_weight = " + weight + ": must be in (0, 100]");
    }
    this.teacher = EncoderGraph.build(teacher, DataType.FLOAT);
    this.weight = weight;
  }

  public double weight() {
    return weight;
  }

  /**
   * The teacher's logits on a batch of the student's input (student and teacher share the stacking
   * and CMVN of the teacher they came from).
   *
   * @return pre-softmax scores [B, T, V]
   */
  public INDArray teacherLogits(TrainBatch batch) {
    return teacher.logits(batch.x(), batch.bias());
  }

  /**
   * KL(p_t ‖ p_s) summed over real frames and its gradient with respect to the student's logits,
   * p = softmax over V. d/ds KL = p_s − p_t on real frames, 0 on padding.
   *
   * @param student pre-softmax scores [B, T, V]
   * @param teacher pre-softmax scores [B, T, V]
   * @param lengths real frames per utterance (≤ T)
   */
  public static Result kl(INDArray student, INDArray teacher, int[] lengths) {
    long[] shape = student.shape();
    if (!java.util.Arrays.equals(shape, teacher.shape())) {
      throw new IllegalArgumentException("student logits " + java.util.Arrays.toString(shape)
          + " and teacher logits " + java.util.Arrays.toString(teacher.shape()) + " differ in shape");
    }
    int b = (int) shape[0];
    if (lengths.length != b) {
      throw new IllegalArgumentException(lengths.length + " lengths for a batch of " + b + " utterances");
    }
    int t = (int) shape[1];
    int v = (int) shape[2];
    double[] ls = logSoftmax(student);
    double[] lt = logSoftmax(teacher);
    float[] grad = new float[ls.length];
    double sum = 0;
    for (int u = 0; u < b; u++) {
      for (int f = 0; f < Math.min(t, lengths[u]); f++) {
        int o = (u * t + f) * v;
        for (int k = 0; k < v; k++) {
          double pt = Math.exp(lt[o + k]);
          double ps = Math.exp(ls[o + k]);
          sum += pt * (lt[o + k] - ls[o + k]);
          grad[o + k] = (float) (ps - pt);
        }
      }
    }
    return new Result(sum, Nd4j.create(grad, shape, 'c'));
  }

  /** log-softmax over V in the logits' own precision, flattened in c order. */
  private static double[] logSoftmax(INDArray logits) {
    return Nd4j.exec(new LogSoftMax(logits.dup('c'), 2))[0].dup('c').data().asDouble();
  }

  /**
   * @param sum  Σ over real frames of KL(p_t ‖ p_s), in nats
   * @param grad d sum / d student logits [B, T, V]
   */
  public record Result(double sum, INDArray grad) {}
}
