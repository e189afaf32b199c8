package org.acmasr.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acmasr.model.ModelData;
import org.acmasr.model.Tensor;
import org.acmasr.model.TensorLayout;

/**
 * Checkpoint averaging: the element-wise mean of the weights of several snapshots of one training run
 * (e.g. its last epochs), which smooths the noise of the last steps and usually decodes better than
 * any single snapshot. Decoding tensors (language model, lexicon) are not averaged: the result carries
 * those of the last model, as it carries its metadata.
 */
public final class ModelAverage {
  private ModelAverage() {}

  /**
   * @param models two or more snapshots with the same configuration
   * @throws IllegalArgumentException when fewer than two are given or their configurations or tensors differ,
   *     naming the first mismatch
   */
  public static ModelData of(List<ModelData> models) {
    if (models.size() < 2) throw new IllegalArgumentException("average: need at least 2 models, got " + models.size());
    ModelData first = models.get(0);
    ModelData last = models.get(models.size() - 1);
    for (int i = 1; i < models.size(); i++) {
      if (!models.get(i).config().equals(first.config())) {
        throw new IllegalArgumentException("average: model " + (i + 1) + " has another configuration than model 1");
      }
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : last.tensors().entrySet()) {
      String name = e.getKey();
      if (TensorLayout.isLanguageModel(name) || TensorLayout.LM_LEXICON.equals(name)) {
        out.put(name, e.getValue());
        continue;
      }
      double[] sum = new double[e.getValue().data().length];
      for (int i = 0; i < models.size(); i++) {
        Tensor t = models.get(i).tensors().get(name);
        if (t == null || t.data().length != sum.length) {
          throw new IllegalArgumentException("average: model " + (i + 1) + " lacks tensor " + name
              + " or has another shape");
        }
        float[] d = t.data();
        for (int j = 0; j < d.length; j++) sum[j] += d[j];
      }
      float[] mean = new float[sum.length];
      for (int j = 0; j < sum.length; j++) mean[j] = (float) (sum[j] / models.size());
      out.put(name, new Tensor(e.getValue().shape().clone(), mean));
    }
    Map<String, String> meta = new LinkedHashMap<>(last.metadata());
    meta.put("training.averaged_models", Integer.toString(models.size()));
    // A calibration was measured on other weights: drop it (train calibrate again).
    return BudgetCalibrator.withCalibration(new ModelData(last.config(), meta, out),
        org.acmasr.model.BudgetCalibration.identity());
  }
}
