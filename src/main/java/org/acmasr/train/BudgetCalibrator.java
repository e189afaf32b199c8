package org.acmasr.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acmasr.model.AcmModel;
import org.acmasr.model.BudgetCalibration;
import org.acmasr.model.ChunkOutput;
import org.acmasr.model.FrameStacker;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFormatException;

/**
 * Measures how much compute a gated model spends at each gate input on held-out audio and stores the
 * inverse as the model's {@link BudgetCalibration}, so that a requested β measures ≈ β.
 */
public final class BudgetCalibrator {
  private BudgetCalibrator() {}

  /** Gate inputs measured: 0.05 to 1 in steps of 0.05 (a fresh array). */
  public static double[] grid() {
    double[] g = new double[20];
    for (int i = 0; i < g.length; i++) g[i] = (i + 1) / 20.0;
    return g;
  }

  /**
   * @param model      a gated model (its own calibration, if any, is bypassed)
   * @param utterances log-mel features of held-out utterances
   * @return mean compute (adaptive MACs over static, frame-weighted) at each entry of {@code gateInputs}
   */
  public static double[] measure(AcmModel model, List<float[][]> utterances, double[] gateInputs) {
    if (!model.config().acm().gated()) {
      throw new IllegalArgumentException("calibration needs a gated model; this one is static (acm.gated = false)");
    }
    if (utterances.isEmpty()) throw new IllegalArgumentException("calibration needs at least one utterance");
    List<float[][]> stacked = utterances.stream().map(fbank -> FrameStacker.stackAll(model, fbank)).toList();
    double[] out = new double[gateInputs.length];
    for (int i = 0; i < gateInputs.length; i++) {
      long used = 0;
      long full = 0;
      for (float[][] frames : stacked) {
        ChunkOutput o = model.forwardGates(frames, (float) gateInputs[i]);
        used += o.adaptiveMacs();
        full += o.adaptiveStatic();
      }
      out[i] = full == 0 ? 0 : (double) used / full;
    }
    return out;
  }

  /** The model with {@code calibration} in its metadata (replacing any earlier one). */
  public static ModelData withCalibration(ModelData data, BudgetCalibration calibration) {
    Map<String, String> meta = new LinkedHashMap<>(data.metadata());
    if (calibration.isIdentity()) {
      meta.remove(BudgetCalibration.META_KEY);
    } else {
      String text = calibration.format();
      try {
        BudgetCalibration.parse(text); // what is written must load
      } catch (ModelFormatException e) {
        throw new IllegalStateException("calibration does not survive its own text: " + e.getMessage(), e);
      }
      meta.put(BudgetCalibration.META_KEY, text);
    }
    return new ModelData(data.config(), meta, data.tensors());
  }
}
