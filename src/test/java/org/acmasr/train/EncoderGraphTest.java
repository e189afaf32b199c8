package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.acmasr.budget.Budget;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The training graph computes what the streaming inference engine computes. */
class EncoderGraphTest {

  static ModelConfig tiny(boolean projections) {
    return new ModelConfig(FbankConfig.defaults().withNumMelBins(20), 2, 32, 4, 2, 64,
        new AcmConfig(4, false, projections, 8, 16), 4, 6, ModelConfig.englishTokens());
  }

  static float[][] frames(int t, int dim, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[t][dim];
    for (float[] row : x) for (int i = 0; i < dim; i++) row[i] = (float) r.nextGaussian();
    return x;
  }

  /** Pads utterances into [B, T, dim]. */
  static INDArray batch(float[][][] utts, int frames, DataType dt) {
    int dim = utts[0][0].length;
    float[] flat = new float[utts.length * frames * dim];
    for (int b = 0; b < utts.length; b++)
      for (int t = 0; t < utts[b].length; t++) System.arraycopy(utts[b][t], 0, flat, (b * frames + t) * dim, dim);
    return Nd4j.create(flat, new long[] {utts.length, frames, dim}, 'c').castTo(dt);
  }

  @ParameterizedTest
  @CsvSource({"true, 0", "false, 0", "true, 5", "false, 3"})
  void paddedBatchMatchesStreamingInference(boolean projections, int convKernel) throws Exception {
    ModelData data = ModelFactory.random(tiny(projections).withConvKernel(convKernel), 21);
    AcmModel model = AcmModel.of(data);
    EncoderGraph graph = EncoderGraph.build(data, DataType.FLOAT);
    int[] lengths = {23, 9, 17};
    int frames = 23;
    float[][][] utts = new float[lengths.length][][];
    for (int b = 0; b < lengths.length; b++) utts[b] = frames(lengths[b], data.config().inputDim(), b);
    INDArray logits = graph.logits(batch(utts, frames, DataType.FLOAT),
        AttentionBias.of(data.config(), lengths, frames, DataType.FLOAT));
    assertEquals(3, logits.rank());
    INDArray logProbs = org.nd4j.linalg.factory.Nd4j.exec(
        new org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax(logits.dup(), 2))[0];
    double worst = 0;
    for (int b = 0; b < lengths.length; b++) {
      float[][] ref = model.forwardFull(utts[b], Budget.fixed(1f)).logProbs();
      for (int t = 0; t < lengths[b]; t++)
        for (int k = 0; k < ref[t].length; k++)
          worst = Math.max(worst, Math.abs(ref[t][k] - logProbs.getFloat(b, t, k)));
    }
    assertTrue(worst < 1e-4, "max |training graph − inference| = " + worst);
  }

  /** The decoding LM and lexicon ride along: not trainable weights, and export keeps them from the base. */
  @org.junit.jupiter.api.Test
  void languageModelTensorsAreNotTrainedButKept() {
    ModelData plain = ModelFactory.random(tiny(true), 22);
    java.util.Map<String, org.acmasr.model.Tensor> t = new java.util.LinkedHashMap<>(plain.tensors());
    org.acmasr.model.Tensor ngrams = new org.acmasr.model.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
    t.put(org.acmasr.model.TensorLayout.LM_NGRAMS, ngrams);
    ModelData withLm = new ModelData(plain.config(), plain.metadata(), t);
    EncoderGraph graph = EncoderGraph.build(withLm, DataType.FLOAT);
    assertTrue(graph.weightNames().stream().noneMatch(n -> n.startsWith("lm.")), graph.weightNames().toString());
    assertTrue(graph.weightNames().contains("layers.0.ffn.w1"), graph.weightNames().toString());
    assertEquals(ngrams, graph.export(withLm).tensor(org.acmasr.model.TensorLayout.LM_NGRAMS));
  }
}
