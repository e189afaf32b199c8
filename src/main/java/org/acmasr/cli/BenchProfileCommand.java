package org.acmasr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", mixinStandardHelpOptions = true,
    description = {"Where the CPU time of a JFR recording went, by pipeline component (audio decoding, front end,",
        "encoder, beam search, LM lookups, Kafka worker, server, network, JSON), overall and per thread.",
        "Record any command with: java -XX:StartFlightRecording=filename=F.jfr,settings=profile -jar acm-asr.jar ..."})
final class BenchProfileCommand extends CliCommand {
  @Parameters(paramLabel = "FILE", description = "JFR recording (.jfr).")
  Path file;

  @Option(names = "--threads", defaultValue = "4", description = "Busiest threads broken down (default: ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
    JfrProfile.Result r;
    try {
      r = JfrProfile.read(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a readable JFR recording (" + e.getMessage() + ")", e);
    }
    PrintWriter out = stdout();
    double total = r.total();
    if (total == 0) {
      throw new IllegalArgumentException(file + ": no CPU samples (record with settings=profile or default)");
    }
    out.printf(Locale.ROOT, "%s: %d samples (native ones weighted x%.1f), %.0f busy%n%n", file.getFileName(), r.events(),
        r.nativeWeight(), total);
    out.println("| component | share of CPU samples |");
    out.println("|---|---|");
    for (Map.Entry<String, Double> e : sorted(r.components())) {
      out.printf(Locale.ROOT, "| %s | %.1f %% |%n", e.getKey(), 100 * e.getValue() / total);
    }
    List<Map.Entry<String, Map<String, Double>>> busiest = r.threads().entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, Map<String, Double>> e) -> -sum(e.getValue())))
        .limit(Math.max(0, threads)).toList();
    if (!busiest.isEmpty()) {
      out.println();
      out.println("| thread | share of all samples | its components |");
      out.println("|---|---|---|");
      for (var t : busiest) {
        double n = sum(t.getValue());
        StringBuilder parts = new StringBuilder();
        for (Map.Entry<String, Double> c : sorted(t.getValue())) {
          if (c.getValue() / n < 0.02) break;
          if (parts.length() > 0) parts.append(", ");
          parts.append(String.format(Locale.ROOT, "%s %.0f %%", c.getKey(), 100 * c.getValue() / n));
        }
        out.printf(Locale.ROOT, "| %s | %.1f %% | %s |%n", t.getKey(), 100 * n / total, parts);
      }
    }
    out.flush();
    return 0;
  }

  private static double sum(Map<String, Double> m) {
    return m.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static List<Map.Entry<String, Double>> sorted(Map<String, Double> m) {
    return m.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList();
  }
}
