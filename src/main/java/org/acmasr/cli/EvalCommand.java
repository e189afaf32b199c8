package org.acmasr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.acmasr.budget.Budget;
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
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Word and character error rate, measured compute and speed of a model at several budgets.",
        "Writes eval.md, eval.json, hypotheses.tsv, wer_vs_compute.svg and compute heat-maps to --out;",
        "--json prints the summary object on stdout."})
final class EvalCommand extends CliCommand {
  @Mixin
  ModelOptions modelOptions;

  @Option(names = "--data", required = true, paramLabel = "DIR|TSV",
      description = {"Common Voice folder (with --split) or a single TSV file; repeat it to score several corpora,",
          "each on its own split, with a report per corpus (in --out/<corpus name>/ when there are several)."})
  List<Path> data;

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

  /** Scores one corpus's split; writes its report to {@code dir} when not null. */
  private EvalResult evaluate(AcmModel model, Recognizer rec, AcmModel teacherModel, Path corpus, String corpusName,
      Path dir, PrintWriter err) throws Exception {
    String name = model.data().metadata().getOrDefault("name", "model");
    CorpusSplit rows = CommonVoiceTsv.open(corpus, split);
    err.println(corpusName + " " + rows.report());
    Evaluator ev = new Evaluator(rec, err);
    List<Evaluator.Clip> clips = ev.load(rows.rows());
    EvalResult result = ev.evaluate(name, clips, budgets);
    Map<String, double[]> refs = new LinkedHashMap<>();
    if (teacherModel != null) {
      EvalResult tr = new Evaluator(new Recognizer(teacherModel, decode.config(teacherModel)), err)
          .evaluate(teacherModel.data().metadata().getOrDefault("name", "teacher"), clips, new double[] {1.0});
      refs.put("teacher", new double[] {1.0, tr.results().get(0).wer()});
    }
    if (dir != null) {
      EvalReport.write(result, dir, refs);
      double heatBudget = budgets[budgets.length / 2];
      Path maps = dir.resolve("heatmaps");
      Files.createDirectories(maps);
      for (int i = 0; i < Math.min(heatmaps, clips.size()); i++) {
        Evaluator.Clip c = clips.get(i);
        Transcript t = rec.transcribe(c.samples(), Budget.fixed(heatBudget));
        String clip = c.row().clip().getFileName().toString();
        ComputeHeatmap.write(maps.resolve(clip.replaceAll("\\.[^.]+$", "") + ".png"), c.samples(), c.sampleRate(),
            t.frameCompute(),
            model.config().frameSeconds(), String.format(Locale.ROOT, "%s  β=%.2f  used %.2f  \"%s\"", clip,
                heatBudget, t.computeUsed(), t.text()));
      }
    }
    return result;
  }

  @Override
  public Integer call() throws Exception {
    for (double b : budgets) Budget.fixed(b);
    AcmModel model = modelOptions.load();
    AcmModel teacherModel = teacher == null ? null : AcmModel.load(teacher);
    PrintWriter err = stderr();
    Recognizer rec = new Recognizer(model, decode.config(model));
    StringBuilder md = new StringBuilder();
    ObjectNode corpora = new ObjectMapper()
        .createObjectNode();
    ObjectNode single = null;
    for (Path corpus : data) {
      String corpusName = CommonVoiceTsv.corpusName(corpus);
      EvalResult result = evaluate(model, rec, teacherModel, corpus, corpusName, data.size() == 1 ? out
          : out == null ? null : out.resolve(corpusName), err);
      if (data.size() > 1) md.append("## ").append(corpusName).append(" (").append(split).append(")\n\n");
      md.append(EvalReport.markdown(result)).append(data.size() > 1 ? "\n" : "");
      single = EvalReport.json(result);
      corpora.set(corpusName, single);
    }
    if (out != null && data.size() > 1) Files.writeString(out.resolve("eval.md"), md.toString());
    if (json) {
      stdout().println((data.size() == 1 ? single : corpora).toString());
    } else {
      stdout().print(md);
    }
    stdout().flush();
    return 0;
  }
}
