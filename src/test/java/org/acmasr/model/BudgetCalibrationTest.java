package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acmasr.budget.Budget;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.api.Test;

/** Requested budget → gate input: interpolation, clamping, metadata text, refusals, and use by the model. */
class BudgetCalibrationTest {
  private static final BudgetCalibration CAL =
      BudgetCalibration.of(new float[] {0.3f, 0.5f, 0.9f, 1.01f}, new float[] {0.1f, 0.4f, 0.8f, 1f});

  @Test
  void interpolatesBetweenPointsAndClampsAtTheEnds() {
    assertEquals(0.4f, CAL.gateInput(0.5f), 1e-6);
    assertEquals(0.25f, CAL.gateInput(0.4f), 1e-6);
    assertEquals(0.6f, CAL.gateInput(0.7f), 1e-6);
    assertEquals(0.1f, CAL.gateInput(0.05f), 1e-6, "below the cheapest measured point");
    assertEquals(1f, CAL.gateInput(1f), 0, "β = 1 feeds 1");
    assertEquals(0.8f + 0.2f * 0.05f / 0.11f, CAL.gateInput(0.95f), 1e-6, "between the last two points");
    BudgetCalibration flatTop = BudgetCalibration.of(new float[] {0.3f, 0.9f}, new float[] {0.1f, 0.8f});
    assertEquals(0.8f, flatTop.gateInput(0.95f), 0, "above the last point: its input");
    assertEquals(1f, flatTop.gateInput(1f), 0, "β = 1 still feeds 1");
    assertEquals(0.7f, BudgetCalibration.identity().gateInput(0.7f), 0);
  }

  @Test
  void metadataTextRoundTrips() throws Exception {
    BudgetCalibration back = BudgetCalibration.parse(CAL.format());
    assertEquals(CAL.format(), back.format());
    assertEquals("0.3000:0.1000,0.5000:0.4000,0.9000:0.8000,1.0100:1.0000", CAL.format());
    assertTrue(BudgetCalibration.parse(null).isIdentity());
    assertTrue(BudgetCalibration.parse(" ").isIdentity());
  }

  @Test
  void badTextIsATypedErrorNamingTheKey() {
    for (String bad : new String[] {"0.3:0.1", "0.3:0.1,0.5:0.4,", "0.3:0.1,0.2:0.5", "0.3:0.1,0.5:0.05", "0.3:0.1,x:0.5", "0.3-0.1,0.5:0.4",
        "0.3:0.1,0.5:1.5"}) {
      ModelFormatException e = assertThrows(ModelFormatException.class, () -> BudgetCalibration.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("metadata acm.budget_map = '" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void fromMeasurementsDropsPointsThatDoNotSpendMore() {
    BudgetCalibration c = BudgetCalibration.fromMeasurements(new double[] {0.25, 0.5, 0.6, 0.75, 1},
        new double[] {0.3, 0.3, 0.30004, 0.7, 1.0});
    assertEquals("0.3000:0.2500,0.7000:0.7500,1.0000:1.0000", c.format(), "a rise below 1e-3 is noise");
    assertThrows(IllegalArgumentException.class, () -> BudgetCalibration.fromMeasurements(new double[] {0.5, 1},
        new double[] {0.4}));
    IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
        () -> BudgetCalibration.fromMeasurements(new double[] {0.5, 1}, new double[] {0.4, 0.4}));
    assertTrue(flat.getMessage().contains("ignore β"), flat.getMessage());
  }

  private static ModelData calibrated(ModelData d, String map) {
    Map<String, String> meta = new LinkedHashMap<>(d.metadata());
    meta.put(BudgetCalibration.META_KEY, map);
    return new ModelData(d.config(), meta, d.tensors());
  }

  @Test
  void theModelFeedsTheMappedBudgetToItsGatesOfflineAndStreaming() throws Exception {
    ModelConfig cfg = TestModels.tiny(true, true);
    ModelData plain = ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 4)); // k = round(4 β)
    // Asking for 0.5 runs the gates at 0.75 (k = 3); asking for 0.3 runs them at 0.5 (k = 2). Ignoring
    // the map would give k = 2 and k = 1; mapping twice k = 4 and k = 3.
    AcmModel m = AcmModel.of(calibrated(plain, "0.3:0.5,0.5:0.75,0.9:1"));
    AcmModel ref = AcmModel.of(plain);
    float[][] x = TestModels.randomFrames(cfg.chunkFrames(), cfg.inputDim(), 2);
    assertEquals(ref.forwardFull(x, Budget.fixed(0.75f)).computeUsed(), m.forwardFull(x, Budget.fixed(0.5f)).computeUsed(), 0);
    assertEquals(ref.forwardFull(x, Budget.fixed(0.5f)).computeUsed(), m.forwardFull(x, Budget.fixed(0.3f)).computeUsed(), 0);
    assertEquals(ref.forwardFull(x, Budget.fixed(0.3f)).computeUsed(), m.forwardGates(x, 0.3f).computeUsed(), 0, "bypass");
    ChunkOutput streamed = m.forwardChunks(List.of(new ChunkInput(m.newCache(), x, Budget.fixed(0.5f)))).get(0);
    assertEquals(ref.forwardFull(x, Budget.fixed(0.75f)).computeUsed(), streamed.computeUsed(), 1e-12);
    double k1 = ref.forwardFull(x, Budget.fixed(0.25f)).computeUsed();
    double k2 = ref.forwardFull(x, Budget.fixed(0.5f)).computeUsed();
    double k3 = ref.forwardFull(x, Budget.fixed(0.75f)).computeUsed();
    assertTrue(k1 < k2 && k2 < k3, k1 + " " + k2 + " " + k3);
    assertThrows(IllegalArgumentException.class, () -> m.forwardGates(x, 0f));
  }

  @Test
  void aModelWithABadMapIsRefusedAtLoad() {
    ModelData d = calibrated(ModelFactory.random(TestModels.tiny(true, true), 1), "0.5:0.5,0.4:0.9");
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> AcmModel.of(d));
    assertTrue(e.getMessage().contains("acm.budget_map") && e.getMessage().contains("does not increase"), e.getMessage());
  }
}
