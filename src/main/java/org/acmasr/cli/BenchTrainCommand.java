package org.acmasr.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.acmasr.budget.Budget;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ChunkInput;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.Tensor;
import org.acmasr.train.Adam;
import org.acmasr.train.EncoderGraph;
import org.acmasr.train.LearningRate;
import org.acmasr.train.TeacherStep;
import org.acmasr.train.TrainBatch;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", header = "Cost of a teacher architecture: parameters, training frames/s and streaming speed.", mixinStandardHelpOptions = true,
    description = {"Cost of a teacher architecture: parameters, training frames/s (CTC steps on random batches of",
        "--batch-frames padded frames) and streaming inference x real time (one stream, 0.32 s chunks).",
        "Run with OMP_NUM_THREADS=1 on an idle machine for comparable figures."})
final class BenchTrainCommand extends CliCommand {
  @Option(names = "--arch", defaultValue = "default", description = "default, wide or tiny (default: ${DEFAULT-VALUE}).")
  String arch;

  @Option(names = "--conv-kernel", defaultValue = "0", description = "Convolution module kernel; 0 = none (default: ${DEFAULT-VALUE}).")
  int convKernel;

  @Option(names = "--steps", defaultValue = "8", description = "Measured training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--batch-frames", defaultValue = "2000", description = "Padded encoder frames per batch (default: ${DEFAULT-VALUE}).")
  int batchFrames;

  @Option(names = "--utterance-frames", defaultValue = "250", description = "Encoder frames per utterance (default: ${DEFAULT-VALUE}).")
  int utteranceFrames;

  @Override
  public Integer call() throws Exception {
    ModelConfig cfg = TrainCommand.Teacher.architecture(arch).withConvKernel(convKernel);
    ModelData data = ModelFactory.random(cfg, 1);
    long params = 0;
    for (var e : data.tensors().entrySet()) if (!e.getKey().startsWith("cmvn.")) params += e.getValue().data().length;
    int b = Math.max(1, batchFrames / utteranceFrames);
    SplittableRandom rnd = new SplittableRandom(3);
    List<float[][]> x = new ArrayList<>();
    List<int[]> y = new ArrayList<>();
    for (int u = 0; u < b; u++) {
      float[][] f = new float[utteranceFrames][cfg.inputDim()];
      for (float[] row : f) for (int i = 0; i < row.length; i++) row[i] = (float) rnd.nextGaussian();
      x.add(f);
      int[] labels = new int[utteranceFrames / 3];
      for (int i = 0; i < labels.length; i++) labels[i] = 1 + rnd.nextInt(cfg.vocab() - 1);
      y.add(labels);
    }
    TrainBatch batch = TrainBatch.of(cfg, x, y, DataType.FLOAT);
    TeacherStep step = new TeacherStep(EncoderGraph.build(data, DataType.FLOAT), Adam.defaults(),
        new LearningRate(1e-4, 10, 1e-5));
    for (int i = 0; i < 2; i++) step.run(batch, null);
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      System.gc(); // as the trainer does before every step
      step.run(batch, null);
    }
    double stepSeconds = (System.nanoTime() - t0) / 1e9 / steps;
    AcmModel model = AcmModel.of(data);
    double rt = streamingRealTime(model, rnd);
    stdout().printf(Locale.ROOT,
        "arch %s, conv_kernel %d: %.2f M params; training %.2f s/step, %.0f frames/s (batch %d x %d); "
            + "streaming inference %.0fx real time (one stream, one thread)%n",
        arch, convKernel, params / 1e6, stepSeconds, b * utteranceFrames / stepSeconds, b, utteranceFrames, rt);
    stdout().flush();
    return 0;
  }

  /** Encoder x real time of one stream fed chunk by chunk, 30 s of random input. */
  private static double streamingRealTime(AcmModel model, SplittableRandom rnd) {
    ModelConfig cfg = model.config();
    int c = cfg.chunkFrames();
    float[][] chunk = new float[c][cfg.inputDim()];
    for (float[] row : chunk) for (int i = 0; i < row.length; i++) row[i] = (float) rnd.nextGaussian();
    int chunks = (int) Math.ceil(30 / (c * cfg.frameSeconds()));
    var cache = model.newCache();
    for (int i = 0; i < 10; i++) model.forwardChunks(List.of(new ChunkInput(cache, chunk, Budget.FULL)));
    cache = model.newCache();
    long t0 = System.nanoTime();
    for (int i = 0; i < chunks; i++) model.forwardChunks(List.of(new ChunkInput(cache, chunk, Budget.FULL)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    return chunks * c * cfg.frameSeconds() / seconds;
  }
}
