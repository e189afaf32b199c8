package org.acmasr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.acmasr.decode.TokenSet;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.Tensor;
import org.acmasr.train.Cmvn;
import org.acmasr.train.CorpusLoader;
import org.acmasr.train.LearningRate;
import org.acmasr.train.TeacherTrainer;
import org.acmasr.train.TrainOptions;
import org.acmasr.train.Utterance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train models.",
    subcommands = {TrainCommand.Teacher.class})
final class TrainCommand {

  @Command(name = "teacher", mixinStandardHelpOptions = true,
      description = {"Train a static CTC model (the teacher) on a Common Voice folder.",
          "Writes <out>/best.acm (best dev WER), <out>/last/ (resumable checkpoint), <out>/train.log."})
  static final class Teacher implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Common Voice folder (TSVs + clips/).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--train-split", defaultValue = "train", description = "Training TSV (default: ${DEFAULT-VALUE}).")
    String trainSplit;

    @Option(names = "--dev-split", defaultValue = "dev", description = "Dev TSV for model selection (default: ${DEFAULT-VALUE}).")
    String devSplit;

    @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache (default: <out>/features).")
    Path cache;

    @Option(names = "--arch", defaultValue = "default", description = "default (d 144, 6 layers) or tiny (for tests).")
    String arch;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps in total (0 = none).")
    long maxSteps;

    @Option(names = "--batch-frames", defaultValue = "3000", description = "Padded encoder frames per batch (default: ${DEFAULT-VALUE}).")
    long batchFrames;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup", defaultValue = "400", description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--no-spec-augment", description = "Disable SpecAugment.")
    boolean noSpecAugment;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for feature extraction (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--resume", description = "Continue from <out>/last if it exists.")
    boolean resume;

    @Option(names = "--seed", defaultValue = "17", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
      ModelConfig cfg = architecture(arch);
      PrintStream console = System.err;
      TokenSet tokens = new TokenSet(cfg.tokens());
      CorpusLoader loader = new CorpusLoader(cache != null ? cache : out.resolve("features"), cfg.fbank(), tokens,
          threads, console);
      List<Utterance> train = loader.load(data, trainSplit);
      List<Utterance> dev = loader.load(data, devSplit);
      TrainOptions opt = new TrainOptions(epochs, batchFrames, 32, new LearningRate(lr, warmup, lr / 50), 5.0, seed,
          checkpointEvery, !noSpecAugment, maxSteps);
      ModelData init = initialModel(cfg, train, seed);
      TeacherTrainer.Result r = new TeacherTrainer(opt, out, console).train(init, train, dev, resume);
      System.out.printf(Locale.ROOT, "epochs %d, steps %d, last loss %.3f, dev WER %.2f%% (best %.2f%%)%n",
          r.epochsDone(), r.steps(), r.lastLoss(), 100 * r.lastDevWer(), 100 * r.bestDevWer());
      return 0;
    }

    static ModelConfig architecture(String name) {
      return switch (name) {
        case "default" -> ModelFactory.defaultConfig().withAcm(ModelFactory.defaultConfig().acm().asStatic());
        case "tiny" -> new ModelConfig(FbankConfig.defaults(), 4, 32, 2, 2, 64, new AcmConfig(4, false, true, 8, 16), 8, 16,
            ModelConfig.englishTokens());
        default -> throw new IllegalArgumentException("--arch " + name + ": expected default or tiny");
      };
    }

    /** Random weights with CMVN statistics of the training features. */
    static ModelData initialModel(ModelConfig cfg, List<Utterance> train, long seed) {
      ModelData rnd = ModelFactory.random(cfg, seed);
      List<float[][]> feats = new ArrayList<>();
      for (Utterance u : train) feats.add(u.fbank());
      Cmvn cmvn = Cmvn.of(feats, cfg.fbank().numMelBins());
      Map<String, Tensor> t = new LinkedHashMap<>(rnd.tensors());
      t.put("cmvn.mean", cmvn.mean());
      t.put("cmvn.istd", cmvn.istd());
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("name", "teacher-" + cfg.dModel() + "x" + cfg.layers());
      meta.put("training.utterances", Integer.toString(train.size()));
      meta.put("training.cmvn_frames", Long.toString(cmvn.frames()));
      return new ModelData(cfg, meta, t);
    }
  }
}
