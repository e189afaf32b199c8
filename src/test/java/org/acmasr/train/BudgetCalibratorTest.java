package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.acmasr.budget.Budget;
import org.acmasr.model.AcmModel;
import org.acmasr.model.BudgetCalibration;
import org.acmasr.model.FrameStacker;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.api.Test;

/** Calibrating a model whose gates overspend makes requested budgets measure what was asked. */
class BudgetCalibratorTest {

  @Test
  void calibratedBudgetsMeasureWhatWasRequested() throws Exception {
    ModelData gated = ModelFactory.budgetFollowingGates(GatedGraphTest.gatedTiny(7)); // k = round(4 β)
    AcmModel m = AcmModel.of(gated);
    int bins = gated.config().fbank().numMelBins();
    List<float[][]> utts = new ArrayList<>();
    for (int i = 0; i < 3; i++) utts.add(EncoderGraphTest.frames(40 + 8 * i, bins, i));
    double[] measured = BudgetCalibrator.measure(m, utts, BudgetCalibrator.grid());
    for (int i = 1; i < measured.length; i++) assertTrue(measured[i] >= measured[i - 1], "compute grows with the input");
    BudgetCalibration cal = BudgetCalibration.fromMeasurements(BudgetCalibrator.grid(), measured);
    AcmModel calibrated = AcmModel.of(BudgetCalibrator.withCalibration(gated, cal));
    // A budget equal to a measured point runs the gates exactly at that point's input.
    for (int i = 0; i < measured.length; i++) {
      if (measured[i] >= 1 || (i > 0 && measured[i] == measured[i - 1])) continue;
      float beta = (float) measured[i];
      double got = 0;
      long used = 0;
      long full = 0;
      for (float[][] u : utts) {
        var o = calibrated.forwardFull(FrameStacker.stackAll(calibrated, u), Budget.fixed(beta));
        used += o.adaptiveMacs();
        full += o.adaptiveStatic();
      }
      got = (double) used / full;
      assertEquals(measured[i], got, 1e-6, "β = " + beta);
    }
    assertTrue(BudgetCalibrator.withCalibration(gated, cal).metadata().containsKey(BudgetCalibration.META_KEY));
    ModelData retrained = ModelAverage.of(List.of(gated, BudgetCalibrator.withCalibration(gated, cal)));
    assertTrue(!retrained.metadata().containsKey(BudgetCalibration.META_KEY), "averaged weights need a new calibration");
  }

  @Test
  void aStaticModelCannotBeCalibrated() throws Exception {
    ModelData stat = ModelFactory.random(EncoderGraphTest.tiny(true), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BudgetCalibrator.measure(AcmModel.of(stat), List.<float[][]>of(new float[8][20]), BudgetCalibrator.grid()));
    assertTrue(e.getMessage().contains("acm.gated = false"), e.getMessage());
  }
}
