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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.acmasr.budget.Budget;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.model.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a static teacher into a gated ACM student in three resumable phases (folder {@code out}):
 * <ol>
 *   <li>{@code phase1.acm}: learners initialised from the teacher by importance ({@link AcmInit}),
 *       then each module's partial sums regressed onto the teacher module's output on real frames
 *       ({@link LearnerDistiller});
 *   <li>{@code phase2.acm}: each gate trained on budget-calibrated labels from the phase-1 errors
 *       ({@link GateLabels}, {@link GateTrainer});
 *   <li>{@code phase3/}: end-to-end CTC fine-tuning with hard Gumbel-softmax gates, β drawn per batch
 *       and the budget, entropy and diversity losses ({@link CtcTrainer} in gated mode);
 *       {@code phase3/best.acm} is the student.
 * </ol>
 * A phase whose output exists is skipped on {@code resume}; phase 3 resumes from its checkpoint.
 */
public final class Acmizer {
  /**
   * @param rowsPerModule frames of teacher activations collected per module (phases 1–2)
   * @param phase1Steps   optimisation steps per module in phase 1
   * @param phase2Steps   optimisation steps per gate in phase 2
   * @param budgets       budgets for phase-2 labels and phase-3 sampling
   * @param phase3        phase-3 training options
   * @param distillWeight weight of phase 3's KL to the teacher per frame; 0 = off
   * @param budgetWeight  weight α_b of phase 3's budget loss |c̄ − β̄|; in (0, 100]
   * @param learners      learners per module of the student; 0 = as many as the teacher's file names
   */
  public record Options(int rowsPerModule, int phase1Steps, int phase2Steps, double[] budgets, TrainOptions phase3,
      double distillWeight, double budgetWeight, int learners) {
    /** The student splits its modules as the teacher's file names. */
    public Options(int rowsPerModule, int phase1Steps, int phase2Steps, double[] budgets, TrainOptions phase3,
        double distillWeight, double budgetWeight) {
      this(rowsPerModule, phase1Steps, phase2Steps, budgets, phase3, distillWeight, budgetWeight, 0);
    }

    public Options {
      checkLearners(learners, "acm.learners = " + learners);
      GatedModules.checkBudgetWeight(budgetWeight);
      if (!(distillWeight >= 0 && distillWeight <= 100)) {
        throw new IllegalArgumentException("acm.distill_weight = " + distillWeight + ": must be in [0, 100]");
      }
      if (rowsPerModule < 16) throw new IllegalArgumentException("acm.rows_per_module = " + rowsPerModule + ": must be >= 16");
      if (phase1Steps < 0) throw new IllegalArgumentException("acm.phase1_steps = " + phase1Steps + ": must be >= 0");
      if (phase2Steps < 0) throw new IllegalArgumentException("acm.phase2_steps = " + phase2Steps + ": must be >= 0");
      for (double b : budgets) {
        Budget.fixed("acm.budgets", b);
      }
    }
  }

  /**
   * Refuses a learner count other than 0 (the teacher's) and 1..{@link org.acmasr.model.AcmConfig#MAX_LEARNERS}.
   *
   * @param label the option and its value as the caller names them, e.g. {@code "--learners 17"}
   */
  public static void checkLearners(int n, String label) {
    if (!(n >= 0 && n <= AcmConfig.MAX_LEARNERS)) {
      throw new IllegalArgumentException(label + ": must be 0 (the teacher's) or in [1, "
          + AcmConfig.MAX_LEARNERS + "]");
    }
  }

  /** Modules distilled at the same time in phase 1 (one per core). */
  private static final int THREADS = 2;

  private final Options opt;
  private final Path out;
  private final PrintStream console;

  public Acmizer(Options opt, Path out, PrintStream console) {
    this.opt = opt;
    this.out = out;
    this.console = console;
  }

  public CtcTrainer.Result run(ModelData teacher, List<Utterance> train, List<Utterance> dev, boolean resume)
      throws IOException {
    Files.createDirectories(out);
    Path p1 = out.resolve("phase1.acm");
    Path p2 = out.resolve("phase2.acm");
    ModelData student;
    Map<String, INDArray[]> taps = null;
    int learners = opt.learners() == 0 ? teacher.config().acm().learners() : opt.learners();
    if (resume && Files.exists(p1)) {
      student = ModelFile.read(p1);
      console.println("phase 1: done earlier (" + p1.getFileName() + ")");
      if (student.config().acm().learners() != learners) {
        throw new IllegalArgumentException("acm.learners = " + learners + ": " + p1 + " was written with "
            + student.config().acm().learners() + " learners per module; resume with that count or use a new --out");
      }
    } else {
      // Fails before the (slow) collection when the count does not divide the modules.
      AcmInit.studentConfig(teacher.config(), learners);
      taps = collect(teacher, train);
      student = phase1(AcmInit.fromTeacher(teacher, opt.phase3().seed(), learners), taps);
      ModelFile.write(p1, student);
    }
    if (resume && Files.exists(p2)) {
      student = ModelFile.read(p2);
      console.println("phase 2: done earlier (" + p2.getFileName() + ")");
    } else {
      if (taps == null) taps = collect(teacher, train);
      student = phase2(student, taps);
      ModelFile.write(p2, student);
    }
    console.println("phase 3: end-to-end fine-tuning with gates");
    return phase3(teacher, student, train, dev, resume);
  }

  /**
   * Phase 3 only, from an existing gated student (phases 1–2 skipped, nothing written for them): to
   * fine-tune a finished student with other phase-3 settings, such as a larger budget weight. Resumes
   * from {@code out/phase3/last} like {@link #run}.
   *
   * @throws IllegalArgumentException when {@code student} is not gated or its architecture is not the
   *     teacher's
   */
  public CtcTrainer.Result fineTune(ModelData teacher, ModelData student, List<Utterance> train, List<Utterance> dev,
      boolean resume) throws IOException {
    if (!student.config().acm().gated()) {
      throw new IllegalArgumentException("student: acm.gated = false; fine-tuning needs a gated student");
    }
    if (!student.config().withAcm(teacher.config().acm()).equals(teacher.config())) {
      throw new IllegalArgumentException("student: architecture " + student.config()
          + " is not the teacher's apart from its ACM settings (" + teacher.config() + ")");
    }
    int has = student.config().acm().learners();
    if (opt.learners() != 0 && opt.learners() != has) {
      throw new IllegalArgumentException("acm.learners = " + opt.learners() + ": the student has " + has
          + " learners per module; fine-tuning keeps them");
    }
    Files.createDirectories(out);
    console.println("phase 3: end-to-end fine-tuning with gates, from the given student");
    return phase3(teacher, student, train, dev, resume);
  }

  /** Phase 3 into {@code out/phase3}, with the options' budgets, budget weight and distillation. */
  private CtcTrainer.Result phase3(ModelData teacher, ModelData student, List<Utterance> train, List<Utterance> dev,
      boolean resume) throws IOException {
    LogitDistillation kd = opt.distillWeight() > 0 ? new LogitDistillation(teacher, opt.distillWeight()) : null;
    return new CtcTrainer(opt.phase3(), out.resolve("phase3"), console, opt.budgets(), kd, opt.budgetWeight())
        .train(student, train, dev, resume);
  }

  /** Teacher activations (inputs and outputs of every ACM module) on real frames. */
  Map<String, INDArray[]> collect(ModelData teacher, List<Utterance> train) throws IOException {
    AcmModel stacker = AcmModel.of(teacher);
    EncoderGraph graph = EncoderGraph.build(teacher, DataType.FLOAT);
    List<CtcTrainer.Example> ex = CtcTrainer.prepare(stacker, train);
    Map<String, List<INDArray>> in = new LinkedHashMap<>();
    Map<String, List<INDArray>> outs = new LinkedHashMap<>();
    int rows = 0;
    for (int i = 0; i < ex.size() && rows < opt.rowsPerModule(); i += 8) {
      List<float[][]> x = new ArrayList<>();
      List<int[]> y = new ArrayList<>();
      for (int j = i; j < Math.min(ex.size(), i + 8); j++) {
        x.add(ex.get(j).frames(stacker, 0));
        y.add(ex.get(j).labels());
      }
      TrainBatch b = TrainBatch.of(teacher.config(), x, y, DataType.FLOAT);
      for (Map.Entry<String, INDArray[]> e : graph.taps(b.x(), b.bias(), b.lengths()).entrySet()) {
        in.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()[0]);
        outs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()[1]);
      }
      rows += (int) b.frames();
    }
    Map<String, INDArray[]> taps = new LinkedHashMap<>();
    for (String m : in.keySet()) {
      taps.put(m, new INDArray[] {Nd4j.vstack(in.get(m).toArray(new INDArray[0])),
          Nd4j.vstack(outs.get(m).toArray(new INDArray[0]))});
    }
    console.printf(Locale.ROOT, "collected %d frames of teacher activations for %d modules%n", rows, taps.size());
    return taps;
  }

  /** Every module independently, {@link #THREADS} modules at a time. */
  private ModelData phase1(ModelData student, Map<String, INDArray[]> taps) throws IOException {
    Map<String, Tensor> t = new ConcurrentHashMap<>(student.tensors());
    int n = student.config().acm().learners();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<String>> done = new ArrayList<>();
      for (Map.Entry<String, INDArray[]> e : taps.entrySet()) {
        done.add(pool.submit(() -> {
          String p = e.getKey();
          boolean ffn = p.endsWith(".ffn");
          LearnerDistiller d = new LearnerDistiller(arr(t, p + ".w1"), arr(t, p + ".b1"), arr(t, p + ".w2"),
              arr(t, p + ".b2"), n, ffn);
          double[] before = d.errors(e.getValue()[0], e.getValue()[1]);
          d.train(e.getValue()[0], e.getValue()[1], opt.phase1Steps(), 256, 1e-3, opt.phase3().seed());
          double[] after = d.errors(e.getValue()[0], e.getValue()[1]);
          d.weights().forEach((name, a) -> t.put(p + "." + name, tensor(a)));
          return String.format(Locale.ROOT, "phase 1 %s: MSE k=1 %.4g -> %.4g, k=N %.4g -> %.4g", p, before[0], after[0],
              before[n - 1], after[n - 1]);
        }));
      }
      for (Future<String> f : done) console.println(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted in phase 1", e);
    } catch (ExecutionException e) {
      throw new IOException("phase 1 failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new ModelData(student.config(), student.metadata(), new LinkedHashMap<>(orderLike(student, t)));
  }

  /** Keeps the tensor order of {@code like} (the model file writes tensors in map order). */
  private static Map<String, Tensor> orderLike(ModelData like, Map<String, Tensor> values) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (String k : like.tensors().keySet()) m.put(k, values.get(k));
    return m;
  }

  private ModelData phase2(ModelData student, Map<String, INDArray[]> taps) {
    Map<String, Tensor> t = new LinkedHashMap<>(student.tensors());
    ModelConfig cfg = student.config();
    int n = cfg.acm().learners();
    for (Map.Entry<String, INDArray[]> e : taps.entrySet()) {
      String p = e.getKey();
      boolean ffn = p.endsWith(".ffn");
      INDArray x = e.getValue()[0];
      LearnerDistiller d = new LearnerDistiller(arr(t, p + ".w1"), arr(t, p + ".b1"), arr(t, p + ".w2"), arr(t, p + ".b2"),
          n, ffn);
      double[][] errors = d.rowErrors(x, e.getValue()[1], ffn);
      int kMin = ffn ? 0 : 1;
      int[][] labels = new int[opt.budgets().length][];
      for (int b = 0; b < labels.length; b++) {
        int[] k = GateLabels.labels(errors, kMin, opt.budgets()[b]);
        for (int i = 0; i < k.length; i++) k[i] -= kMin; // choice index
        labels[b] = k;
      }
      String g = p + ".gate.";
      GateTrainer gt = new GateTrainer(arr(t, g + "w1"), arr(t, g + "b1"), arr(t, g + "w2"), arr(t, g + "b2"),
          arr(t, g + "w3"), arr(t, g + "b3"));
      gt.train(x, labels, opt.budgets(), opt.phase2Steps(), 256, 3e-3, opt.phase3().seed());
      StringBuilder acc = new StringBuilder();
      for (int b = 0; b < labels.length; b++) {
        acc.append(String.format(Locale.ROOT, " β=%.2f %.0f%%", opt.budgets()[b], 100 * gt.accuracy(x, labels[b],
            opt.budgets()[b])));
      }
      console.println("phase 2 " + p + ": gate accuracy" + acc);
      gt.weights().forEach((name, a) -> t.put(g + name, tensor(a)));
    }
    return new ModelData(cfg, student.metadata(), t);
  }

  private static INDArray arr(Map<String, Tensor> t, String name) {
    Tensor x = t.get(name);
    return Nd4j.create(x.data(), x.shape(), 'c');
  }

  private static Tensor tensor(INDArray a) {
    INDArray c = a.castTo(DataType.FLOAT).dup('c');
    return new Tensor(c.shape(), c.data().asFloat());
  }
}
