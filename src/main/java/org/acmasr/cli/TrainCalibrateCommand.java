package org.acmasr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.acmasr.decode.TokenSet;
import org.acmasr.model.AcmModel;
import org.acmasr.model.BudgetCalibration;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.train.BudgetCalibrator;
import org.acmasr.train.CorpusLoader;
import org.acmasr.train.Utterance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", header = "Calibrate a gated model so that a requested budget spends that compute.", mixinStandardHelpOptions = true,
    description = {"Measure the compute a gated model spends at each gate input on a held-out split and store the",
        "inverse in a copy of the model (metadata acm.budget_map), so that a requested budget β measures about β."})
final class TrainCalibrateCommand extends CliCommand {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "Gated model to calibrate.")
  Path model;

  @Option(names = "--split", defaultValue = "dev", description = "Split whose audio is measured (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--utterances", defaultValue = "200", description = "Utterances measured, spread over the split (default: ${DEFAULT-VALUE}).")
  int utterances;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Common Voice folder; repeat it to calibrate on several corpora.")
  List<Path> data;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write.")
  Path out;

  @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache (default: features/ beside --out).")
  Path cache;

  @Override
  public Integer call() throws Exception {
    if (utterances < 1) throw new IllegalArgumentException("--utterances = " + utterances + ": must be >= 1");
    ModelData md = ModelFile.read(model);
    AcmModel m = AcmModel.of(md);
    PrintStream console = System.err;
    Path dir = out.toAbsolutePath().getParent();
    CorpusLoader loader = new CorpusLoader(cache != null ? cache : dir.resolve("features"), md.config().fbank(),
        new TokenSet(md.config().tokens()), 2, console);
    List<Utterance> all = loader.load(this.data, split);
    List<float[][]> picked = new ArrayList<>();
    int step = Math.max(1, all.size() / utterances);
    for (int i = 0; i < all.size() && picked.size() < utterances; i += step) picked.add(all.get(i).fbank());
    double[] grid = BudgetCalibrator.grid();
    double[] measured = BudgetCalibrator.measure(m, picked, grid);
    BudgetCalibration cal = BudgetCalibration.fromMeasurements(grid, measured);
    ModelFile.write(out, BudgetCalibrator.withCalibration(md, cal));
    StringBuilder table = new StringBuilder("gate input -> compute:");
    for (int i = 0; i < measured.length; i++) {
      table.append(String.format(Locale.ROOT, " %.2f→%.3f", grid[i], measured[i]));
    }
    stdout().println(table);
    for (float beta : new float[] {1f, 0.75f, 0.5f, 0.25f}) {
      stdout().printf(Locale.ROOT, "β = %.2f → gate input %.3f%n", beta, cal.gateInput(beta));
    }
    stdout().println("wrote " + out + " (" + picked.size() + " utterances of " + split + ")");
    stdout().flush();
    return 0;
  }
}
