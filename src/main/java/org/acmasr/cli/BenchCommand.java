package org.acmasr.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ChunkInput;
import org.acmasr.model.ChunkOutput;
import org.acmasr.model.EncoderCache;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Performance benchmarks.",
    subcommands = {BenchCommand.ModelBench.class})
final class BenchCommand {

  @Command(name = "model", mixinStandardHelpOptions = true,
      description = {"Encoder throughput at several budgets and batch sizes.",
          "Uses the default architecture with random weights and gates that pick k = round(N·β) learners,",
          "so compute follows the budget exactly; reports frames/s, x real time and time relative to β = 1.",
          "Run with OMP_NUM_THREADS=1 for the one-core figures."})
  static final class ModelBench implements Callable<Integer> {
    @Option(names = "--streams", split = ",", defaultValue = "1,8,32", description = "Streams per call (default: ${DEFAULT-VALUE}).")
    int[] streams;

    @Option(names = "--budgets", split = ",", defaultValue = "1,0.75,0.5,0.25", description = "Budgets (default: ${DEFAULT-VALUE}).")
    float[] budgets;

    @Option(names = "--seconds", defaultValue = "3", description = "Measured seconds per cell (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ModelConfig cfg = ModelFactory.defaultConfig();
      AcmModel model = AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 1)));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "model: d=%d, %d layers, %d heads, d_ff=%d, N=%d learners, chunk %d frames, left context %d%n",
          cfg.dModel(), cfg.layers(), cfg.heads(), cfg.dFf(), cfg.acm().learners(), cfg.chunkFrames(),
          cfg.leftContextFrames());
      // Global warm-up: JIT, ND4J workspaces and allocator for every batch size.
      double measured = seconds;
      seconds = Math.min(1, measured);
      for (int b : streams) for (float beta : new float[] {1f, 0.5f}) measure(model, b, beta);
      seconds = measured;
      out.println("| streams | budget | compute used | ms per call | encoder frames/s | x real time | time vs budget 1 |");
      out.println("|---|---|---|---|---|---|---|");
      out.flush();
      for (int b : streams) {
        double base = Double.NaN;
        for (float beta : budgets) {
          Cell c = measure(model, b, beta);
          if (Double.isNaN(base)) base = c.msPerCall;
          double fps = b * cfg.chunkFrames() / (c.msPerCall / 1000);
          out.printf(Locale.ROOT, "| %d | %.2f | %.3f | %.2f | %.0f | %.0f | %.2f |%n", b, beta, c.used, c.msPerCall, fps,
              fps * cfg.frameSeconds(), c.msPerCall / base);
          out.flush();
        }
      }
      return 0;
    }

    private record Cell(double msPerCall, double used) {}

    private Cell measure(AcmModel model, int streams, float beta) {
      ModelConfig cfg = model.config();
      Random r = new Random(7);
      List<EncoderCache> caches = new ArrayList<>();
      for (int s = 0; s < streams; s++) caches.add(model.newCache());
      float[][] frames = new float[cfg.chunkFrames()][cfg.inputDim()];
      for (float[] f : frames) for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
      List<ChunkInput> inputs = new ArrayList<>();
      for (EncoderCache c : caches) inputs.add(new ChunkInput(c, frames, beta));
      // Warm-up: fill the left-context caches and let the JIT settle.
      int warm = cfg.leftContextFrames() / cfg.chunkFrames() + 3;
      for (int i = 0; i < warm; i++) model.forwardChunks(inputs);
      List<Double> times = new ArrayList<>();
      double used = 0;
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      while (times.size() < 5 || System.nanoTime() < deadline) {
        long t0 = System.nanoTime();
        List<ChunkOutput> outs = model.forwardChunks(inputs);
        times.add((System.nanoTime() - t0) / 1e6);
        used = outs.get(0).computeUsed();
      }
      double[] t = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Cell(t[t.length / 2], used);
    }
  }
}
