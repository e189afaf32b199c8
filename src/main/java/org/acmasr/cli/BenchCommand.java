package org.acmasr.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.acmasr.budget.Budget;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ChunkInput;
import org.acmasr.model.ChunkOutput;
import org.acmasr.model.EncoderCache;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Performance benchmarks.",
    subcommands = {BenchCommand.ModelBench.class, BenchWsCommand.class, BenchTrainCommand.class,
        BenchProfileCommand.class})
final class BenchCommand {

  @Command(name = "model", mixinStandardHelpOptions = true,
      description = {"Encoder throughput at several budgets and batch sizes.",
          "Uses the default architecture with random weights and gates that pick k = round(N·β) learners,",
          "so compute follows the budget exactly; reports frames/s, x real time and time relative to β = 1.",
          "With --model, that model and its trained gates (k mixed per frame) on random input frames.",
          "cpu ms is the calling thread's CPU time, which other processes on the machine distort less.",
          "Run with OMP_NUM_THREADS=1 for the one-core figures."})
  static final class ModelBench extends CliCommand {
    @Option(names = "--streams", split = ",", defaultValue = "1,8,32", description = "Streams per call (default: ${DEFAULT-VALUE}).")
    int[] streams;

    @Option(names = "--budgets", split = ",", defaultValue = "1,0.75,0.5,0.25", description = "Budgets (default: ${DEFAULT-VALUE}).")
    float[] budgets;

    @Option(names = "--seconds", defaultValue = "3", description = "Measured seconds per cell (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--d-model", description = "Model width (default: the default architecture's).")
    Integer dModel;

    @Option(names = "--ffn-ratio", defaultValue = "4", description = "d_ff / d_model (default: ${DEFAULT-VALUE}).")
    int ffnRatio;

    @Option(names = "--heads", description = "Attention heads (default: the default architecture's).")
    Integer heads;

    @Option(names = "--chunk", description = "Chunk size in encoder frames (default: the default architecture's).")
    Integer chunk;

    @Option(names = "--left", description = "Left context in encoder frames (default: the default architecture's).")
    Integer left;

    @Option(names = "--no-projection-acm", description = "Dense q/k/v/o projections (ACMs only in the FFN).")
    boolean denseProjections;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
        description = "Model file (.acm) to time with its own gates instead of the random default architecture.")
    java.nio.file.Path modelFile;

    @Override
    public Integer call() throws Exception {
      AcmModel model;
      ModelConfig cfg;
      if (modelFile != null) {
        model = AcmModel.load(modelFile);
        cfg = model.config();
      } else {
        cfg = randomConfig();
        model = AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 1)));
      }
      PrintWriter out = stdout();
      out.printf(Locale.ROOT, "model: d=%d, %d layers, %d heads, d_ff=%d, N=%d learners, chunk %d frames, left context %d%n",
          cfg.dModel(), cfg.layers(), cfg.heads(), cfg.dFf(), cfg.acm().learners(), cfg.chunkFrames(),
          cfg.leftContextFrames());
      out.println("| streams | budget | compute used | ms per call | encoder frames/s | x real time | time vs budget 1 | cpu ms per call | cpu vs budget 1 |");
      out.println("|---|---|---|---|---|---|---|---|---|");
      out.flush();
      for (int b : streams) {
        Cell[] cells = measure(model, b);
        for (int i = 0; i < budgets.length; i++) {
          double fps = b * cfg.chunkFrames() / (cells[i].msPerCall / 1000);
          out.printf(Locale.ROOT, "| %d | %.2f | %.3f | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f |%n", b, budgets[i],
              cells[i].used, cells[i].msPerCall, fps, fps * cfg.frameSeconds(), cells[i].msPerCall / cells[0].msPerCall,
              cells[i].cpuMsPerCall, cells[i].cpuMsPerCall / cells[0].cpuMsPerCall);
        }
        out.flush();
      }
      return 0;
    }

    /** The default architecture with this command's overrides. */
    private ModelConfig randomConfig() {
      ModelConfig base = ModelFactory.defaultConfig();
      int d = dModel != null ? dModel : base.dModel();
      AcmConfig acm = denseProjections ? AcmConfig.ffnOnly(base.acm().learners(), true, base.acm().gateHidden())
          : new AcmConfig(base.acm().learners(), true, true, base.acm().gateHidden(), d / 2);
      return new ModelConfig(base.fbank(), base.stack(), d, heads != null ? heads : base.heads(),
          base.layers(), d * ffnRatio, acm,
          chunk != null ? chunk : base.chunkFrames(), left != null ? left : base.leftContextFrames(), base.tokens());
    }

    private record Cell(double msPerCall, double cpuMsPerCall, double used) {}

    /**
     * Times every budget for one batch size. Budgets are interleaved round by round (β1, β2, ..., β1,
     * β2, ...) so drift in machine speed affects them alike; each cell is the median of its rounds.
     */
    private Cell[] measure(AcmModel model, int streams) {
      ModelConfig cfg = model.config();
      Random r = new Random(7);
      float[][] frames = new float[cfg.chunkFrames()][cfg.inputDim()];
      for (float[] f : frames) for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
      List<List<ChunkInput>> inputs = new ArrayList<>();
      for (float beta : budgets) {
        List<ChunkInput> in = new ArrayList<>();
        for (int s = 0; s < streams; s++) in.add(new ChunkInput(model.newCache(), frames, Budget.fixed(beta)));
        inputs.add(in);
      }
      // Warm-up: fill the left-context caches, let the JIT and the ND4J workspace settle.
      int warm = cfg.leftContextFrames() / cfg.chunkFrames() + 5;
      for (int i = 0; i < warm; i++) for (List<ChunkInput> in : inputs) model.forwardChunks(in);
      List<List<Double>> times = new ArrayList<>();
      List<List<Double>> cpu = new ArrayList<>();
      double[] used = new double[budgets.length];
      for (int i = 0; i < budgets.length; i++) {
        times.add(new ArrayList<>());
        cpu.add(new ArrayList<>());
      }
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long deadline = System.nanoTime() + (long) (seconds * budgets.length * 1e9);
      while (times.get(0).size() < 5 || System.nanoTime() < deadline) {
        for (int i = 0; i < budgets.length; i++) {
          long c0 = threads.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          List<ChunkOutput> outs = model.forwardChunks(inputs.get(i));
          times.get(i).add((System.nanoTime() - t0) / 1e6);
          cpu.get(i).add((threads.getCurrentThreadCpuTime() - c0) / 1e6);
          used[i] = outs.get(0).computeUsed();
        }
      }
      Cell[] cells = new Cell[budgets.length];
      for (int i = 0; i < budgets.length; i++) {
        cells[i] = new Cell(median(times.get(i)), median(cpu.get(i)), used[i]);
      }
      return cells;
    }

    private static double median(List<Double> v) {
      double[] t = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return t[t.length / 2];
    }
  }
}
