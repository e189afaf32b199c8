package org.acmasr.train.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Writes an {@link EvalResult} as Markdown, JSON, a hypotheses TSV and a WER-vs-compute SVG plot. */
public final class EvalReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EvalReport() {}

  /** {"model":…, "utterances":N, "results":[{"budget":B, "wer":W, "cer":C, "compute":F, "rtf":R}, …]}. */
  public static ObjectNode json(EvalResult r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("model", r.model());
    o.put("utterances", r.utterances());
    o.put("audio_seconds", round(r.audioSeconds(), 2));
    ArrayNode rs = o.putArray("results");
    for (EvalResult.BudgetResult b : r.results()) {
      ObjectNode n = rs.addObject();
      n.put("budget", b.budget());
      n.put("wer", round(b.wer(), 5));
      n.put("cer", round(b.cer(), 5));
      n.put("compute", round(b.compute(), 4));
      n.put("rtf", round(b.rtf(), 5));
      n.put("cpu_rtf", round(b.cpuRtf(), 5));
      ObjectNode src = n.putObject("sources");
      b.perSource().forEach((k, v) -> {
        ObjectNode s = src.putObject(k);
        s.put("wer", round(v[0], 5));
        s.put("cer", round(v[1], 5));
        s.put("words", (long) v[2]);
      });
    }
    return o;
  }

  public static String markdown(EvalResult r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Model `%s`, %d utterances, %.1f s of audio.%n%n", r.model(), r.utterances(),
        r.audioSeconds()));
    TreeSet<String> sources = new TreeSet<>();
    r.results().forEach(x -> sources.addAll(x.perSource().keySet()));
    b.append("| budget | WER | CER | compute | x real time | x real time (thread CPU) |");
    for (String s : sources) b.append(" WER ").append(s).append(" |");
    b.append("\n|---|---|---|---|---|---|");
    b.append("---|".repeat(sources.size())).append('\n');
    for (EvalResult.BudgetResult x : r.results()) {
      b.append(String.format(Locale.ROOT, "| %.2f | %.1f %% | %.1f %% | %.3f | %.0f | %.0f |", x.budget(),
          100 * x.wer(), 100 * x.cer(), x.compute(), x.xRealTime(), x.cpuXRealTime()));
      for (String s : sources) {
        double[] v = x.perSource().get(s);
        b.append(v == null ? " – |" : String.format(Locale.ROOT, " %.1f %% |", 100 * v[0]));
      }
      b.append('\n');
    }
    return b.toString();
  }

  public static void write(EvalResult r, Path dir, Map<String, double[]> referencePoints) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("eval.md"), markdown(r));
    Files.writeString(dir.resolve("eval.json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(r)));
    StringBuilder tsv = new StringBuilder("budget\tclip\treference\thypothesis\n");
    for (EvalResult.BudgetResult x : r.results()) {
      for (String[] h : x.hypotheses()) {
        tsv.append(x.budget()).append('\t').append(h[0]).append('\t').append(h[1]).append('\t').append(h[2]).append('\n');
      }
    }
    Files.writeString(dir.resolve("hypotheses.tsv"), tsv);
    Files.writeString(dir.resolve("wer_vs_compute.svg"), WerPlot.svg(r, referencePoints));
  }

  private static double round(double v, int digits) {
    double s = Math.pow(10, digits);
    return Math.round(v * s) / s;
  }
}
