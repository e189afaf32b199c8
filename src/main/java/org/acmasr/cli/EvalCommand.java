package org.acmasr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.acmasr.engine.Budget;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.engine.Transcript;
import org.acmasr.model.AcmModel;
import org.acmasr.train.data.CommonVoiceTsv;
import org.acmasr.train.data.CorpusSplit;
import org.acmasr.train.eval.ComputeHeatmap;
import org.acmasr.train.eval.EvalReport;
import org.acmasr.train.eval.EvalResult;
import org.acmasr.train.eval.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Word and character error rate, measured compute and speed of a model at several budgets.",
        "Writes eval.md, eval.json, hypotheses.tsv, wer_vs_compute.svg and compute heat-maps to --out;",
        "--json prints the summary object on stdout."})
final class EvalCommand implements Callable<Integer> {
  @Mixin
  ModelOptions modelOptions;

  @Option(names = "--data", required = true, paramLabel = "DIR|TSV",
      description = "Common Voice folder (with --split) or a single TSV file.")
  Path data;

  @Option(names = "--split", defaultValue = "test", description = "Split to score (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--budgets", split = ",", defaultValue = "1,0.75,0.5,0.25",
      description = "Budgets (default: ${DEFAULT-VALUE}).")
  double[] budgets;

  @Option(names = "--teacher", paramLabel = "FILE", description = "Also score this static model at β = 1 (plot reference).")
  Path teacher;

  @Option(names = "--out", paramLabel = "DIR", description = "Report folder.")
  Path out;

  @Option(names = "--heatmaps", defaultValue = "3", description = "Compute heat-maps for the first N clips (default: ${DEFAULT-VALUE}).")
  int heatmaps;

  @Mixin
  DecodeOptions decode;

  @Option(names = "--json", description = "Print the summary JSON object on stdout.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    for (double b : budgets) Budget.check(b);
    AcmModel model = modelOptions.load();
    String name = model.data().metadata().getOrDefault("name", "model");
    CorpusSplit rows = CommonVoiceTsv.open(data, split);
    java.io.PrintWriter err = spec.commandLine().getErr();
    err.println(rows.report());
    Recognizer rec = new Recognizer(model, decode.config(model));
    Evaluator ev = new Evaluator(rec, err);
    List<Evaluator.Clip> clips = ev.load(rows.rows());
    EvalResult result = ev.evaluate(name, clips, budgets);
    Map<String, double[]> refs = new LinkedHashMap<>();
    if (teacher != null) {
      AcmModel t = AcmModel.load(teacher);
      EvalResult tr = new Evaluator(new Recognizer(t, decode.config(t)), err)
          .evaluate(t.data().metadata().getOrDefault("name", "teacher"), clips, new double[] {1.0});
      refs.put("teacher", new double[] {1.0, tr.results().get(0).wer()});
    }
    if (out != null) {
      EvalReport.write(result, out, refs);
      double heatBudget = budgets[budgets.length / 2];
      Path maps = out.resolve("heatmaps");
      Files.createDirectories(maps);
      for (int i = 0; i < Math.min(heatmaps, clips.size()); i++) {
        Evaluator.Clip c = clips.get(i);
        Transcript t = rec.transcribe(c.samples(), heatBudget);
        String clip = c.row().clip().getFileName().toString();
        ComputeHeatmap.write(maps.resolve(clip.replaceAll("\\.[^.]+$", "") + ".png"), c.samples(), t.frameCompute(),
            model.config().frameSeconds(), String.format(java.util.Locale.ROOT, "%s  β=%.2f  used %.2f  \"%s\"", clip,
                heatBudget, t.computeUsed(), t.text()));
      }
    }
    if (json) {
      spec.commandLine().getOut().println(EvalReport.json(result).toString());
    } else {
      spec.commandLine().getOut().print(EvalReport.markdown(result));
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
