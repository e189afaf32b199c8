package org.acmasr.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.acmasr.budget.Budget;
import org.acmasr.decode.CtcGreedyDecoder;
import org.acmasr.decode.TokenSet;
import org.acmasr.model.AcmModel;
import org.acmasr.model.FrameStacker;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.train.data.LengthBuckets;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * CTC training of a static model (the teacher) on the streaming chunk mask: epochs of length-bucketed
 * batches, Adam with warm-up and decay, gradient clipping, optional SpecAugment, noise and dropout, a checkpoint every
 * {@code checkpointEvery} steps and at each epoch end (resumable exactly: same weights, optimizer
 * moments, step and batch order), dev WER after every epoch, and the best model kept as
 * {@code best.acm}.
 *
 * <p>Output folder: {@code last/} (checkpoint), {@code best.acm}, {@code epochs/epoch-NNN.acm} (the
 * last {@value #KEPT_EPOCHS} epochs' weights, to average), {@code train.log}.
 */
public final class CtcTrainer {
  /** Snapshots of the last epochs kept in {@code epochs/}, for checkpoint averaging ({@link ModelAverage}). */
  public static final int KEPT_EPOCHS = 12;

  private final TrainOptions opt;
  private final Path out;
  private final PrintStream console;
  private final double[] budgets; // null: static training (the teacher); else phase 3 of ACMization
  private final LogitDistillation distillation; // phase 3 only; null: none
  private final double budgetWeight; // phase 3's α_b

  /** Static CTC training (the teacher). */
  public CtcTrainer(TrainOptions opt, Path out, PrintStream console) {
    this(opt, out, console, null);
  }

  /**
   * @param budgets null for static training; for phase 3 the budgets β drawn per batch (the model must
   *                be gated). Model selection then uses the mean dev WER at β = 1 and β = 0.5.
   */
  public CtcTrainer(TrainOptions opt, Path out, PrintStream console, double[] budgets) {
    this(opt, out, console, budgets, null);
  }

  /** @param distillation phase 3's output-level distillation from the teacher, or null (needs budgets) */
  public CtcTrainer(TrainOptions opt, Path out, PrintStream console, double[] budgets, LogitDistillation distillation) {
    this(opt, out, console, budgets, distillation, GatedModules.DEFAULT_BUDGET_WEIGHT);
  }

  /** @param budgetWeight phase 3's budget-loss weight α_b (see {@link GatedModules}); in (0, 100] */
  public CtcTrainer(TrainOptions opt, Path out, PrintStream console, double[] budgets, LogitDistillation distillation,
      double budgetWeight) {
    GatedModules.checkBudgetWeight(budgetWeight);
    if (distillation != null && budgets == null) {
      throw new IllegalArgumentException("distillation is a phase-3 option: give the budgets too");
    }
    this.opt = opt;
    this.out = out;
    this.console = console;
    this.budgets = budgets == null ? null : budgets.clone();
    this.distillation = distillation;
    this.budgetWeight = budgetWeight;
  }

  /** What a run did. */
  public record Result(int epochsDone, long steps, double lastLoss, double bestDevWer, double lastDevWer) {}

  /**
   * @param init  starting model (architecture, CMVN, initial weights); ignored when resuming
   * @param train training utterances
   * @param dev   evaluation utterances for model selection
   */
  public Result train(ModelData init, List<Utterance> train, List<Utterance> dev, boolean resume) throws IOException {
    Files.createDirectories(out);
    Path last = out.resolve("last");
    Checkpoint ck = resume && Checkpoint.exists(last) ? Checkpoint.load(last, DataType.FLOAT) : null;
    // A budget calibration was measured on the weights this run changes: drop it (train calibrate again).
    ModelData start = BudgetCalibrator.withCalibration(ck != null ? ck.model() : init,
        org.acmasr.model.BudgetCalibration.identity());
    ModelConfig cfg = start.config();
    boolean gated = budgets != null;
    EncoderGraph graph = EncoderGraph.build(start, DataType.FLOAT, gated, budgetWeight, opt.dropout(), opt.interCtc());
    Adam adam = Adam.defaults();
    if (ck != null) adam.restore(ck.optimizer(), ck.step());
    TeacherStep step = new TeacherStep(graph, adam, opt.lr());
    GatedStep gatedStep = gated ? new GatedStep(graph, adam, opt.lr(), budgets, distillation) : null;
    AcmModel stackerModel = AcmModel.of(start); // for CMVN + stacking only
    List<Example> examples = prepare(stackerModel, train);
    List<Example> devExamples = prepare(stackerModel, dev);
    int epoch = ck != null ? ck.epoch() : 0;
    int skip = ck != null ? ck.batchInEpoch() : 0;
    double best = ck != null ? ck.bestDevWer() : Double.POSITIVE_INFINITY;
    double lastLoss = Double.NaN;
    double lastWer = Double.NaN;
    log(String.format(Locale.ROOT, "%s: %d training utterances (%d usable, %d speed variants, %s), %d dev; starting at "
        + "epoch %d, step %d%s", ck != null ? "resuming" : "starting", train.size(), examples.size(),
        examples.isEmpty() ? 0 : examples.get(0).utt.variants().size(), opt.speedMode().name().toLowerCase(Locale.ROOT),
        dev.size(), epoch + 1, adam.step(), opt.interCtc().enabled() ? String.format(Locale.ROOT,
            "; intermediate CTC after layer %d, weight %.2f", opt.interCtc().layer(), opt.interCtc().weight()) : ""));
    LengthBuckets buckets = new LengthBuckets(opt.batchFrames(), opt.maxBatch());
    long trainNanos = 0;
    for (; epoch < opt.epochs(); epoch++) {
      List<Item> items = epochItems(examples, opt.speedMode(), opt.seed(), epoch);
      List<List<Item>> batches = buckets.batches(items, it -> it.frames, opt.seed() + epoch);
      Progress bar = new Progress(console, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, opt.epochs()),
          batches.size());
      double lossSum = 0;
      double klSum = 0;
      int lossCount = 0;
      long frames = 0;
      long epochStart = System.nanoTime();
      for (int bi = skip; bi < batches.size(); bi++) {
        List<Item> batch = batches.get(bi);
        SplittableRandom rnd = new SplittableRandom(opt.seed() * 1_000_003L + adam.step());
        List<float[][]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (Item it : batch) {
          float[][] fbank = it.example.utt.variants().get(it.variant).load();
          if (opt.noise() > 0 && rnd.nextDouble() < opt.noise()) fbank = MelNoise.apply(fbank, rnd);
          float[][] input = FrameStacker.stackAll(stackerModel, fbank);
          x.add(opt.specAugment() ? SpecAugment.apply(input, cfg.fbank().numMelBins(), rnd) : input);
          y.add(it.example.labels());
        }
        // ND4J frees native buffers only when Java's GC runs: without this, RSS grows by gigabytes and
        // steps run 2.3x slower (2.67 vs 1.15 s for 16 x 100 frames, measured).
        System.gc();
        TrainBatch tb = TrainBatch.of(cfg, x, y, DataType.FLOAT);
        double loss;
        if (gated) {
          GatedStep.Result r = gatedStep.run(tb, rnd);
          loss = r.lossPerFrame();
          klSum += distillation != null ? r.klPerFrame() : 0;
        } else {
          loss = step.run(tb, rnd).loss();
        }
        lossSum += loss;
        lossCount++;
        lastLoss = loss;
        for (Item it : batch) frames += it.frames;
        bar.update(bi + 1, lossSum / lossCount, frames);
        boolean stop = opt.maxSteps() > 0 && adam.step() >= opt.maxSteps();
        if (adam.step() % opt.checkpointEvery() == 0 || stop) {
          new Checkpoint(graph.export(start), adam.state(), adam.step(), epoch, bi + 1, best).save(last);
        }
        if (stop && bi + 1 < batches.size()) {
          log(String.format(Locale.ROOT, "stopped at step %d (max steps) in epoch %d, batch %d/%d; resume with --resume",
              adam.step(), epoch + 1, bi + 1, batches.size()));
          return new Result(epoch, adam.step(), lastLoss, best, lastWer);
        }
      }
      trainNanos += System.nanoTime() - epochStart;
      skip = 0;
      ModelData current = graph.export(start);
      AcmModel currentModel = AcmModel.of(current);
      DevScore full = devScore(currentModel, devExamples, 1f);
      DevScore half = gated ? devScore(currentModel, devExamples, 0.5f) : null;
      lastWer = gated ? (full.wer() + half.wer()) / 2 : full.wer();
      if (lastWer < best) {
        best = lastWer;
        ModelFile.write(out.resolve("best.acm"), withMeta(current, epoch + 1, lastWer));
      }
      new Checkpoint(current, adam.state(), adam.step(), epoch + 1, 0, best).save(last);
      keepSnapshot(withMeta(current, epoch + 1, lastWer), epoch + 1);
      String kl = distillation == null || lossCount == 0 ? ""
          : String.format(Locale.ROOT, ", KL to teacher %.4f/frame", klSum / lossCount);
      log(String.format(Locale.ROOT, "epoch %d: train loss %.3f%s, dev WER %.2f%% (best %.2f%%), step %d, "
          + "%.0f frames/s over %.0f s", epoch + 1, lossCount == 0 ? Double.NaN : lossSum / lossCount, kl, 100 * lastWer,
          100 * best, adam.step(), frames / Math.max(1e-9, trainNanos / 1e9), trainNanos / 1e9));
      log("  dev β=1: " + full.describe() + (half == null ? "" : "; β=0.5: " + half.describe()));
      trainNanos = 0;
    }
    return new Result(epoch, adam.step(), lastLoss, best, lastWer);
  }

  /** Writes {@code epochs/epoch-NNN.acm} and deletes the one {@link #KEPT_EPOCHS} epochs older. */
  private void keepSnapshot(ModelData model, int epoch) throws IOException {
    Path dir = out.resolve("epochs");
    Files.createDirectories(dir);
    ModelFile.write(dir.resolve(snapshotName(epoch)), model);
    if (epoch > KEPT_EPOCHS) Files.deleteIfExists(dir.resolve(snapshotName(epoch - KEPT_EPOCHS)));
  }

  static String snapshotName(int epoch) {
    return String.format(Locale.ROOT, "epoch-%03d.acm", epoch);
  }

  private static ModelData withMeta(ModelData d, int epoch, double wer) {
    Map<String, String> m = new LinkedHashMap<>(d.metadata());
    m.put("training.epochs", Integer.toString(epoch));
    m.put("training.dev_wer", String.format(Locale.ROOT, "%.4f", wer));
    return new ModelData(d.config(), m, d.tensors());
  }

  /** Greedy-decoded WER of the model on prepared examples (whole utterances with the chunk mask). */
  static double devWer(AcmModel model, List<Example> dev, float beta) {
    return devScore(model, dev, beta).wer();
  }

  /** {@link #devWer}, pooled and per corpus and source. */
  static DevScore devScore(AcmModel model, List<Example> dev, float beta) {
    TokenSet tokens = new TokenSet(model.config().tokens());
    DevScore score = new DevScore();
    for (Example e : dev) {
      CtcGreedyDecoder dec = new CtcGreedyDecoder(tokens, model.config().frameSeconds());
      dec.accept(model.forwardFull(e.frames(model, 0), Budget.fixed(beta)).logProbs());
      score.add(e.utt, dec.current().text());
    }
    return score;
  }

  /**
   * An utterance CTC can align at every speed, with its encoder frame count per variant.
   *
   * @param frames encoder frames of each of {@code utt}'s variants
   */
  record Example(Utterance utt, int[] frames) {
    int[] labels() {
      return utt.labels();
    }

    /** Stacked, normalised encoder input of variant {@code v}: [T][S·F]. */
    float[][] frames(AcmModel stacker, int v) {
      return FrameStacker.stackAll(stacker, utt.variants().get(v).load());
    }
  }

  /** One entry of an epoch: an example at one of its speeds. */
  record Item(Example example, int variant, int frames) {}

  /**
   * The epoch's entries: every variant of every example ({@link SpeedMode#COPIES}) or one variant per
   * example drawn from (seed, epoch, index) ({@link SpeedMode#RANDOM}), so a resumed run sees the same.
   */
  static List<Item> epochItems(List<Example> examples, SpeedMode mode, long seed, int epoch) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      if (mode == SpeedMode.COPIES || e.frames.length == 1) {
        for (int v = 0; v < e.frames.length; v++) items.add(new Item(e, v, e.frames[v]));
      } else {
        int v = new SplittableRandom((seed * 1_000_003L + epoch) * 1_000_033L + i).nextInt(e.frames.length);
        items.add(new Item(e, v, e.frames[v]));
      }
    }
    return items;
  }

  /** Drops utterances CTC cannot align at some speed (more labels than frames, counting repeats). */
  static List<Example> prepare(AcmModel model, List<Utterance> utts) {
    int stack = model.config().stack();
    List<Example> out = new ArrayList<>();
    for (Utterance u : utts) {
      int needed = u.labels().length;
      for (int i = 1; i < u.labels().length; i++) if (u.labels()[i] == u.labels()[i - 1]) needed++;
      int[] frames = new int[u.variants().size()];
      boolean ok = true;
      for (int v = 0; v < frames.length; v++) {
        frames[v] = u.variants().get(v).frames() / stack;
        ok &= frames[v] >= Math.max(1, needed);
      }
      if (ok) out.add(new Example(u, frames));
    }
    return out;
  }

  private void log(String line) throws IOException {
    console.println(line);
    Files.writeString(out.resolve("train.log"), line + "  [" + java.time.Instant.now().truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS) + "]" + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }
}
