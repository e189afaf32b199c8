package org.acmasr.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and prints each time also as a multiple of real time.
 * Usage: {@code mvn -Pbench test-compile exec:exec [-Dbench.args="frontend [quick]"]}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "frontend";
    boolean quick = args.length > 1 && args[1].equals("quick");
    if (!which.equals("frontend")) {
      throw new IllegalArgumentException("unknown benchmark '" + which + "', expected: frontend");
    }
    Options opt = new OptionsBuilder()
        .include(FrontendBenchmark.class.getName())
        .forks(1)
        .threads(1)
        .warmupIterations(quick ? 1 : 3)
        .warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 2 : 5)
        .measurementTime(TimeValue.seconds(quick ? 1 : 2))
        .build();
    Collection<RunResult> results = new Runner(opt).run();
    System.out.println();
    System.out.println("| stage | clip | audio s | ms per clip (± 99.9% CI) | x real time |");
    System.out.println("|---|---|---|---|---|");
    for (RunResult r : results) {
      String clip = r.getParams().getParam("clip");
      double seconds = FrontendBenchmark.seconds(clip);
      double ms = r.getPrimaryResult().getScore();
      double err = r.getPrimaryResult().getScoreError();
      String stage = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.3f ± %.3f | %.0fx |%n", stage, clip, seconds, ms,
          Double.isNaN(err) ? 0 : err, seconds * 1000 / ms);
    }
  }
}
