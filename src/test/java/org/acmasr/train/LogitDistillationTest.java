package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Phase 3's KL to the teacher: value, gradient, padding, and that training with it moves the student. */
class LogitDistillationTest {

  private static INDArray random(long seed, int b, int t, int v) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[b * t * v];
    for (int i = 0; i < a.length; i++) a[i] = (float) (3 * r.nextGaussian());
    return Nd4j.create(a, new long[] {b, t, v}, 'c').castTo(DataType.DOUBLE);
  }

  private static double klSum(INDArray s, INDArray t, int[] lengths) {
    return LogitDistillation.kl(s, t, lengths).sum();
  }

  @Test
  void klIsZeroForTheTeacherItselfAndPositiveOtherwise() {
    INDArray t = random(1, 2, 5, 7);
    int[] lengths = {5, 3};
    LogitDistillation.Result same = LogitDistillation.kl(t, t.add(2.5), lengths); // softmax is shift-invariant
    assertEquals(0, same.sum(), 1e-5);
    assertEquals(0, same.grad().amaxNumber().doubleValue(), 1e-6);
    assertTrue(klSum(random(2, 2, 5, 7), t, lengths) > 0.1);
  }

  @Test
  void gradientMatchesFiniteDifferencesAndIgnoresPadding() {
    INDArray s = random(3, 2, 4, 6);
    INDArray t = random(4, 2, 4, 6);
    int[] lengths = {4, 2}; // utterance 1 has two frames of padding
    INDArray grad = LogitDistillation.kl(s, t, lengths).grad();
    double h = 1e-3;
    double worst = 0;
    for (int u = 0; u < 2; u++) {
      for (int f = 0; f < 4; f++) {
        for (int k = 0; k < 6; k++) {
          INDArray plus = s.dup();
          plus.putScalar(new long[] {u, f, k}, s.getDouble(u, f, k) + h);
          INDArray minus = s.dup();
          minus.putScalar(new long[] {u, f, k}, s.getDouble(u, f, k) - h);
          double numeric = (klSum(plus, t, lengths) - klSum(minus, t, lengths)) / (2 * h);
          worst = Math.max(worst, Math.abs(numeric - grad.getDouble(u, f, k)));
          if (u == 1 && f >= 2) assertEquals(0, grad.getDouble(u, f, k), 0, "padding frame " + f);
        }
      }
    }
    assertTrue(worst < 1e-3, "largest difference from finite differences: " + worst);
  }

  @Test
  void refusesMismatchedShapesAGatedTeacherAndABadWeight() {
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> LogitDistillation.kl(random(1, 1, 3, 5), random(1, 1, 3, 6), new int[] {3}));
    assertTrue(shape.getMessage().contains("[1, 3, 5]") && shape.getMessage().contains("[1, 3, 6]"), shape.getMessage());
    ModelData stat = ModelFactory.random(EncoderGraphTest.tiny(true).withAcm(new AcmConfig(4, false, true, 8, 16)), 1);
    IllegalArgumentException weight = assertThrows(IllegalArgumentException.class, () -> new LogitDistillation(stat, -1));
    assertTrue(weight.getMessage().contains("acm.distill_weight = -1.0"), weight.getMessage());
    IllegalArgumentException gated = assertThrows(IllegalArgumentException.class,
        () -> new LogitDistillation(GatedGraphTest.gatedTiny(1), 1));
    assertTrue(gated.getMessage().contains("gated"), gated.getMessage());
  }

  @Test
  void phase3StepsWithDistillationPullTheStudentTowardsTheTeacher() {
    ModelData teacher = ModelFactory.random(EncoderGraphTest.tiny(true).withAcm(new AcmConfig(4, false, true, 8, 16)), 5);
    ModelData student = GatedGraphTest.gatedTiny(6); // unrelated weights: far from the teacher
    LogitDistillation kd = new LogitDistillation(teacher, 50);
    EncoderGraph graph = EncoderGraph.build(student, DataType.FLOAT, true);
    GatedStep step = new GatedStep(graph, new Adam(0.9, 0.999, 1e-8, 5), new LearningRate(3e-3, 1, 3e-3),
        new double[] {1.0}, kd);
    int dim = student.config().inputDim();
    TrainBatch batch = TrainBatch.of(student.config(),
        List.of(EncoderGraphTest.frames(12, dim, 1), EncoderGraphTest.frames(9, dim, 2)),
        List.of(new int[] {1, 2}, new int[] {3}), DataType.FLOAT);
    double first = step.run(batch, new SplittableRandom(0)).klPerFrame();
    double last = first;
    for (int i = 1; i < 40; i++) last = step.run(batch, new SplittableRandom(i)).klPerFrame();
    assertTrue(first > 0 && last < 0.5 * first, "KL to the teacher per frame " + first + " -> " + last);
    GatedStep plain = new GatedStep(EncoderGraph.build(student, DataType.FLOAT, true), Adam.defaults(),
        new LearningRate(3e-3, 1, 3e-3), new double[] {1.0});
    assertTrue(Double.isNaN(plain.run(batch, new SplittableRandom(0)).klPerFrame()), "no distillation, no KL");
  }
}
