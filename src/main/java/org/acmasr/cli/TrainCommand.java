package org.acmasr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.model.Tensor;
import org.acmasr.train.AcmInit;
import org.acmasr.train.Acmizer;
import org.acmasr.train.Cmvn;
import org.acmasr.train.CorpusLoader;
import org.acmasr.train.LearningRate;
import org.acmasr.train.ModelGrowth;
import org.acmasr.train.SpeedMode;
import org.acmasr.train.CtcTrainer;
import org.acmasr.train.InterCtc;
import org.acmasr.train.TrainOptions;
import org.acmasr.train.Utterance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train models.",
    subcommands = {TrainCommand.Teacher.class, TrainCommand.Acm.class, TrainLmCommand.class,
        TrainAverageCommand.class, TrainCalibrateCommand.class})
final class TrainCommand {

  @Command(name = "teacher", mixinStandardHelpOptions = true,
      description = {"Train a static CTC model (the teacher) on a Common Voice folder.",
          "Writes <out>/best.acm (best dev WER), <out>/last/ (resumable checkpoint), <out>/epochs/ (the last 12",
          "epochs, for `train average`), <out>/train.log."})
  static final class Teacher extends CliCommand {
    @Mixin
    CorpusOptions corpus;

    @Option(names = "--train-split", defaultValue = "train", description = "Training TSV (default: ${DEFAULT-VALUE}).")
    String trainSplit;

    @Option(names = "--dev-split", defaultValue = "dev", description = "Dev TSV for model selection (default: ${DEFAULT-VALUE}).")
    String devSplit;

    @Option(names = "--arch", defaultValue = "default",
        description = "default (d 144, 6 layers), wide (d 192, 8 layers) or tiny (for tests) (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--conv-kernel", defaultValue = "0", paramLabel = "K",
        description = "Add a causal convolution module (Conformer-style, kernel K frames) to every layer; 0 = none (default: ${DEFAULT-VALUE}).")
    int convKernel;

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

    @Option(names = "--noise", defaultValue = "0.3", description = "Probability of additive noise per utterance (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "P",
        description = "Dropout rate on every attention and FFN output, training only; 0 = off (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--speed-perturb", split = ",", paramLabel = "S",
        description = "Extra speeds of the training audio, e.g. 0.9,1.1 (features cached once per speed).")
    double[] speeds = new double[0];

    @Option(names = "--speed-mode", defaultValue = "random", paramLabel = "MODE",
        description = "random: each epoch each utterance plays at one speed drawn at random (an epoch is one pass); "
            + "copies: every speed is its own example (an epoch is 1 + extra speeds passes) (default: ${DEFAULT-VALUE}).")
    String speedMode;

    @Option(names = "--resume", description = "Continue from <out>/last if it exists.")
    boolean resume;

    @Option(names = "--init", paramLabel = "FILE",
        description = {"Start from this static model's weights and CMVN instead of random ones (warm start, e.g. a teacher",
            "trained on less data); its architecture replaces --arch. With --conv-kernel K on a model without convolution",
            "modules, each layer gains one whose output projection starts at zero, so training starts from the model's",
            "exact function. Ignored when --resume finds a checkpoint."})
    Path init;

    @Option(names = "--inter-ctc", defaultValue = "0", paramLabel = "LAYER",
        description = {"Intermediate CTC: also train the output of encoder layer LAYER (1 .. layers − 1) through the",
            "shared final norm and CTC head, mixed in with --inter-ctc-weight; no cost at inference; 0 = off (default: ${DEFAULT-VALUE})."})
    int interCtcLayer;

    @Option(names = "--inter-ctc-weight", defaultValue = "0.3", paramLabel = "W",
        description = "Weight of the intermediate CTC loss, in (0, 1): loss = (1 − W) · final + W · intermediate (default: ${DEFAULT-VALUE}).")
    double interCtcWeight;

    @Option(names = "--grow-layers", defaultValue = "0", paramLabel = "N",
        description = {"With --init: add N encoder layers on top, each starting as the identity (its attention and FFN",
            "output projections zero), so training starts from the model's exact function (default: ${DEFAULT-VALUE})."})
    int growLayers;

    @Option(names = "--grow-ffn", defaultValue = "0", paramLabel = "D_FF",
        description = {"With --init: widen every FFN to D_FF hidden units (a multiple of the learners), the new units'",
            "output weights zero, so training starts from the model's exact function; 0 = keep (default: ${DEFAULT-VALUE})."})
    int growFfn;

    @Mixin
    SeedOption random;

    @Override
    public Integer call() throws Exception {
      checkDropout(dropout);
      if (convKernel < 0 || convKernel > ModelConfig.MAX_CONV_KERNEL) {
        throw new IllegalArgumentException("--conv-kernel " + convKernel + ": must be in [0, " + ModelConfig.MAX_CONV_KERNEL + "]");
      }
      if ((growLayers != 0 || growFfn != 0) && init == null) {
        throw new IllegalArgumentException((growLayers != 0 ? "--grow-layers " + growLayers : "--grow-ffn " + growFfn)
            + ": needs --init (it grows that model)");
      }
      if (growLayers < 0 || growLayers > 24) {
        throw new IllegalArgumentException("--grow-layers " + growLayers + ": must be in [0, 24]");
      }
      ModelData start = init == null ? null : warmStart(init, convKernel, growLayers, growFfn, random.seed);
      ModelConfig cfg = start != null ? start.config() : architecture(arch);
      if (convKernel != 0 && start == null) {
        cfg = cfg.withConvKernel(convKernel);
      }
      InterCtc inter = interCtcLayer == 0 ? InterCtc.NONE : new InterCtc(interCtcLayer, interCtcWeight);
      inter.checkFits(cfg.layers()); // before minutes of corpus loading, not only when the graph is built
      PrintStream console = System.err;
      CorpusLoader loader = corpus.loader(cfg, console);
      SpeedMode mode = SpeedMode.parse(speedMode);
      List<Utterance> train = loader.load(corpus.data, trainSplit, speeds);
      List<Utterance> dev = loader.load(corpus.data, devSplit);
      TrainOptions opt = new TrainOptions(epochs, batchFrames, 32, new LearningRate(lr, warmup, lr / 50), 5.0,
          random.seed, checkpointEvery, !noSpecAugment, maxSteps, noise, dropout, mode, inter);
      ModelData first = start != null ? start : initialModel(cfg, train, random.seed);
      CtcTrainer.Result r = new CtcTrainer(opt, corpus.out, console).train(first, train, dev, resume);
      stdout().printf(Locale.ROOT, "epochs %d, steps %d, last loss %.3f, dev WER %.2f%% (best %.2f%%)%n",
          r.epochsDone(), r.steps(), r.lastLoss(), 100 * r.lastDevWer(), 100 * r.bestDevWer());
      stdout().flush();
      return 0;
    }

    static ModelConfig architecture(String name) {
      return switch (name) {
        case "default" -> ModelFactory.defaultConfig().withAcm(ModelFactory.defaultConfig().acm().asStatic());
        case "wide" -> {
          ModelConfig d = ModelFactory.defaultConfig();
          yield new ModelConfig(d.fbank(), d.stack(), 192, 4, 8, 768, new AcmConfig(4, false, true, 16, 96),
              d.chunkFrames(), d.leftContextFrames(), d.tokens());
        }
        case "tiny" -> new ModelConfig(FbankConfig.defaults(), 4, 32, 2, 2, 64, new AcmConfig(4, false, true, 8, 16), 8, 16,
            ModelConfig.englishTokens());
        default -> throw new IllegalArgumentException("--arch " + name + ": expected default, wide or tiny");
      };
    }

    /**
     * A static model to continue training from, renamed and marked with where it started, grown
     * function-preservingly ({@link ModelGrowth}, the grown model computes exactly what the file's does):
     * with {@code convKernel} > 0 and none in the model, by a convolution module per layer; by
     * {@code extraLayers} identity layers on top; to FFN size {@code dFf} (0: keep).
     */
    static ModelData warmStart(Path file, int convKernel, int extraLayers, int dFf, long seed) throws java.io.IOException {
      ModelData m = ModelFile.read(file);
      if (m.config().acm().gated()) {
        throw new IllegalArgumentException("--init " + file + ": is a gated student; give a static teacher (train teacher's best.acm)");
      }
      if (convKernel != 0 && convKernel != m.config().convKernel()) {
        if (m.config().convKernel() != 0) {
          throw new IllegalArgumentException("--conv-kernel " + convKernel + ": --init " + file + " already has convolution "
              + "modules of kernel " + m.config().convKernel());
        }
        m = ModelGrowth.conv(m, convKernel, seed);
      }
      if (extraLayers > 0) m = ModelGrowth.layers(m, extraLayers, seed + 1);
      if (dFf != 0 && dFf != m.config().dFf()) m = ModelGrowth.ffn(m, dFf, seed + 2);
      ModelConfig cfg = m.config();
      Map<String, String> meta = new LinkedHashMap<>(m.metadata());
      meta.put("name", "teacher-" + cfg.dModel() + "x" + cfg.layers() + (cfg.convKernel() > 0 ? "-conv" + cfg.convKernel() : ""));
      meta.put("training.init", String.valueOf(file.getFileName()) + " (" + m.metadata().getOrDefault("name", "?") + ")");
      return new ModelData(cfg, meta, m.tensors());
    }

    /** Random weights with CMVN statistics of the training features. */
    static ModelData initialModel(ModelConfig cfg, List<Utterance> train, long seed) {
      ModelData rnd = ModelFactory.random(cfg, seed);
      Cmvn cmvn = new Cmvn(cfg.fbank().numMelBins());
      for (Utterance u : train) cmvn.add(u.fbank()); // one utterance in memory at a time
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

  @Command(name = "acm", header = "ACMize a static teacher by distillation into one gated student that serves every budget.", mixinStandardHelpOptions = true,
      description = {"ACMize a static teacher by distillation: phase 1 learners mimic the teacher's modules,",
          "phase 2 gates learn budget-calibrated labels, phase 3 fine-tunes end to end with hard Gumbel-softmax",
          "gates, a budget drawn per batch and budget/entropy/diversity losses. One student serves every budget.",
          "Writes <out>/phase1.acm, <out>/phase2.acm and <out>/phase3/ (best.acm is the student)."})
  static final class Acm extends CliCommand {
    @Option(names = "--teacher", required = true, paramLabel = "FILE", description = "Static teacher (.acm).")
    Path teacher;

    @Mixin
    CorpusOptions corpus;

    @Option(names = "--epochs", defaultValue = "10", description = "Phase-3 epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop phase 3 after this many steps (0 = none).")
    long maxSteps;

    @Option(names = "--rows", defaultValue = "20000", description = "Teacher frames per module for phases 1-2 (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--phase1-steps", defaultValue = "1500", description = "Steps per module in phase 1 (default: ${DEFAULT-VALUE}).")
    int phase1Steps;

    @Option(names = "--phase2-steps", defaultValue = "1500", description = "Steps per gate in phase 2 (default: ${DEFAULT-VALUE}).")
    int phase2Steps;

    @Option(names = "--budgets", split = ",", defaultValue = "0.25,0.5,0.75,1", description = "Budgets (default: ${DEFAULT-VALUE}).")
    double[] budgets;

    @Option(names = "--lr", defaultValue = "3e-4", description = "Phase-3 peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-frames", defaultValue = "3000", description = "Padded frames per batch (default: ${DEFAULT-VALUE}).")
    long batchFrames;

    @Option(names = "--distill", defaultValue = "0", paramLabel = "W",
        description = "Phase 3: weight of the per-frame KL to the teacher's posteriors; 0 = off (default: ${DEFAULT-VALUE}).")
    double distill;

    @Option(names = "--budget-weight", defaultValue = "1", paramLabel = "W",
        description = "Phase 3: weight of the budget loss |mean cost - beta|; raise it when --distill pulls the compute above the budget (default: ${DEFAULT-VALUE}).")
    double budgetWeight;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "P",
        description = "Dropout rate on every attention and FFN output, phase 3 only; 0 = off (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--learners", defaultValue = "0", paramLabel = "N",
        description = "Learners per module of the student; they must divide the FFN width and the projection ranks; 0 = as many as the teacher's file names (default: ${DEFAULT-VALUE}).")
    int learners;

    @Option(names = "--init", paramLabel = "FILE",
        description = "Start phase 3 from this gated student (same architecture as the teacher), skipping phases 1-2: fine-tunes a finished student, e.g. with another --budget-weight.")
    Path init;

    @Option(names = "--resume", description = "Skip finished phases and resume phase 3.")
    boolean resume;

    @Mixin
    SeedOption random;

    @Override
    public Integer call() throws Exception {
      if (!(budgetWeight > 0 && budgetWeight <= 100)) {
        throw new IllegalArgumentException("--budget-weight " + budgetWeight + ": must be in (0, 100]");
      }
      checkDropout(dropout);
      Acmizer.checkLearners(learners, "--learners " + learners);
      ModelData t = ModelFile.read(teacher);
      if (t.config().acm().gated()) {
        throw new IllegalArgumentException("--teacher " + teacher + ": is already gated; give a static teacher");
      }
      if (learners != 0) {
        try {
          AcmInit.studentConfig(t.config(), learners);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--learners " + learners + ": does not fit the teacher " + teacher + " ("
              + e.getMessage() + ")");
        }
      }
      ModelData student = init == null ? null : ModelFile.read(init);
      if (student != null && !student.config().acm().gated()) {
        throw new IllegalArgumentException("--init " + init + ": is a static model; give a gated student (train acm's phase3/best.acm)");
      }
      if (student != null && learners != 0 && student.config().acm().learners() != learners) {
        throw new IllegalArgumentException("--learners " + learners + ": --init " + init + " has "
            + student.config().acm().learners() + " learners per module; fine-tuning keeps them");
      }
      PrintStream console = System.err;
      CorpusLoader loader = corpus.loader(t.config(), console);
      List<Utterance> train = loader.load(corpus.data, "train");
      List<Utterance> dev = loader.load(corpus.data, "dev");
      TrainOptions p3 = new TrainOptions(epochs, batchFrames, 32, new LearningRate(lr, 100, lr / 20), 5.0, random.seed, 200,
          true, maxSteps, 0.3, dropout);
      Acmizer acmizer = new Acmizer(new Acmizer.Options(rows,
          phase1Steps, phase2Steps, budgets, p3, distill, budgetWeight, learners), corpus.out, console);
      CtcTrainer.Result r = student == null ? acmizer.run(t, train, dev, resume)
          : acmizer.fineTune(t, student, train, dev, resume);
      stdout().printf(Locale.ROOT, "phase 3: epochs %d, steps %d, dev WER (mean of β=1 and β=0.5) %.2f%% (best %.2f%%)%n",
          r.epochsDone(), r.steps(), 100 * r.lastDevWer(), 100 * r.bestDevWer());
      stdout().flush();
      return 0;
    }
  }

  /** Refuses a bad --dropout by name before any file is read. */
  static void checkDropout(double p) {
    if (!TrainOptions.validDropout(p)) {
      throw new IllegalArgumentException("--dropout " + p + ": must be in [0, " + TrainOptions.MAX_DROPOUT + "]");
    }
  }
}
