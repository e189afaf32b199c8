package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.acmasr.budget.Budget;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** With gates whose choices are known, measured compute equals the expected fraction exactly. */
class ComputeAccountingTest {

  /** Learner and gate MACs per frame of the tiny config, computed by hand from its shapes. */
  private static double expectedFraction(ModelConfig c, int kFfn, int kProj) {
    int d = c.dModel();
    int n = c.acm().learners();
    int g = c.acm().gateHidden();
    long ffnLearner = 2L * d * c.ffnLearnerWidth();
    long oLearner = 2L * d * c.projLearnerRank(); // d → r → d
    long qkvLearner = 4L * d * c.qkvLearnerRank(); // d → r → 3d
    long ffnGate = (long) (d + 1) * g + (long) g * g + (long) g * (n + 1);
    long projGate = (long) (d + 1) * g + (long) g * g + (long) g * n;
    boolean p = c.acm().projections();
    double used = kFfn * ffnLearner + ffnGate + (p ? kProj * (oLearner + qkvLearner) + 2 * projGate : 0);
    double full = n * ffnLearner + (p ? n * (oLearner + qkvLearner) : 0);
    return used / full;
  }

  @ParameterizedTest
  @CsvSource({"0, false", "1, false", "2, false", "4, false", "1, true", "3, true"})
  void constantGatesGiveExactFractions(int k, boolean projections) throws Exception {
    ModelConfig cfg = TestModels.tiny(true, projections);
    AcmModel m = AcmModel.of(ModelFactory.constantGates(ModelFactory.random(cfg, 1), k));
    ChunkOutput out = m.forwardFull(TestModels.randomFrames(10, cfg.inputDim(), 1), Budget.fixed(1f));
    double expected = expectedFraction(cfg, k, Math.max(1, k));
    assertEquals(expected, out.computeUsed(), 1e-12);
    for (float f : out.frameCompute()) assertEquals(expected, f, 1e-6);
  }

  @ParameterizedTest
  @CsvSource({"1.0, 4", "0.75, 3", "0.5, 2", "0.25, 1"})
  void budgetFollowingGatesTrackBeta(float beta, int k) throws Exception {
    ModelConfig cfg = TestModels.tiny(true, true);
    AcmModel m = AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 4)));
    EncoderCache cache = m.newCache();
    ChunkOutput out = m.forwardChunks(List.of(new ChunkInput(cache,
        TestModels.randomFrames(cfg.chunkFrames(), cfg.inputDim(), 2), Budget.fixed(beta)))).get(0);
    assertEquals(expectedFraction(cfg, k, k), out.computeUsed(), 1e-12);
  }

  @Test
  void staticModelCostsExactlyOne() throws Exception {
    ModelConfig cfg = TestModels.tiny(false, true);
    AcmModel m = AcmModel.of(ModelFactory.random(cfg, 1));
    assertEquals(1.0, m.forwardFull(TestModels.randomFrames(5, cfg.inputDim(), 1), Budget.fixed(0.3f)).computeUsed(), 0.0);
  }

  @Test
  void budgetOutsideRangeIsRejected() throws Exception {
    ModelConfig cfg = TestModels.tiny(true, false);
    AcmModel m = AcmModel.of(ModelFactory.random(cfg, 1));
    for (float bad : new float[] {0f, -0.1f, 1.01f, Float.NaN}) {
      String msg = assertThrows(IllegalArgumentException.class, () -> m.forwardChunks(List.of(
          new ChunkInput(m.newCache(), TestModels.randomFrames(2, cfg.inputDim(), 1), Budget.fixed(bad))))).getMessage();
      assertTrue(msg.startsWith("budget = "), msg);
    }
  }
}
