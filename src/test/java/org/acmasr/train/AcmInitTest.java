package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.acmasr.budget.Budget;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.api.Test;

class AcmInitTest {

  private static double maxDiff(float[][] a, float[][] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
    return m;
  }

  @Test
  void studentWithAllLearnersReproducesTheTeacher() throws Exception {
    ModelData teacher = ModelFactory.random(EncoderGraphTest.tiny(true), 8);
    ModelData student = AcmInit.fromTeacher(teacher, 1);
    assertTrue(student.config().acm().gated());
    float[][] x = EncoderGraphTest.frames(19, teacher.config().inputDim(), 4);
    float[][] ref = AcmModel.of(teacher).forwardFull(x, Budget.fixed(1f)).logProbs();
    float[][] full = AcmModel.of(ModelFactory.constantGates(student, 4)).forwardFull(x, Budget.fixed(1f)).logProbs();
    double diff = maxDiff(ref, full);
    assertTrue(diff < 1e-5, "k = N differs from the teacher by " + diff);
    // Fewer learners give a different (approximate) output: the gates really control the computation.
    float[][] half = AcmModel.of(ModelFactory.constantGates(student, 2)).forwardFull(x, Budget.fixed(1f)).logProbs();
    assertTrue(maxDiff(ref, half) > 1e-3);
  }

  /** The same teacher split into 8 learners instead of its file's 4: all 8 reproduce it, fewer do not. */
  @Test
  void finerSplitReproducesTheTeacher() throws Exception {
    ModelData teacher = ModelFactory.random(EncoderGraphTest.tiny(true), 8);
    ModelData student = AcmInit.fromTeacher(teacher, 1, 8);
    assertEquals(8, student.config().acm().learners());
    assertEquals(8, student.config().ffnLearnerWidth()); // d_ff 64 / 8
    float[][] x = EncoderGraphTest.frames(19, teacher.config().inputDim(), 4);
    float[][] ref = AcmModel.of(teacher).forwardFull(x, Budget.fixed(1f)).logProbs();
    double diff = maxDiff(ref, AcmModel.of(ModelFactory.constantGates(student, 8)).forwardFull(x, Budget.fixed(1f)).logProbs());
    assertTrue(diff < 1e-5, "k = N = 8 differs from the teacher by " + diff);
    assertTrue(maxDiff(ref, AcmModel.of(ModelFactory.constantGates(student, 4)).forwardFull(x, Budget.fixed(1f)).logProbs()) > 1e-3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AcmInit.fromTeacher(teacher, 1, 3));
    assertTrue(e.getMessage().contains("acm.learners=3"), e.getMessage());
  }

  @Test
  void learnersAreOrderedByImportance() {
    ModelData teacher = ModelFactory.random(EncoderGraphTest.tiny(false), 9);
    ModelData student = AcmInit.fromTeacher(teacher, 1);
    float[] w1 = student.tensor("layers.0.ffn.w1").data(); // [32, 64]
    float[] w2 = student.tensor("layers.0.ffn.w2").data(); // [64, 32]
    double previous = Double.MAX_VALUE;
    for (int j = 0; j < 64; j++) {
      double a = 0;
      double b = 0;
      for (int r = 0; r < 32; r++) a += w1[r * 64 + j] * w1[r * 64 + j];
      for (int c = 0; c < 32; c++) b += w2[j * 32 + c] * w2[j * 32 + c];
      double imp = Math.sqrt(a * b);
      assertTrue(imp <= previous + 1e-9, "unit " + j);
      previous = imp;
    }
    assertEquals("acm-random-9", student.metadata().get("name"));
    assertThrows(IllegalArgumentException.class, () -> AcmInit.fromTeacher(student, 1));
  }
}
