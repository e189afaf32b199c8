package org.acmasr.train.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.Resampler;
import org.acmasr.budget.Budget;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.Transcript;
import org.acmasr.train.data.CorpusRow;
import org.acmasr.train.data.ErrorRate;

/**
 * Scores a recognizer on corpus rows at several budgets: WER and CER after the same text
 * normalisation as training, measured compute fraction and real-time factor, per source and overall.
 * Audio goes through the same streaming path as live captions.
 */
public final class Evaluator {
  private final Recognizer recognizer;
  private final PrintWriter console;

  public Evaluator(Recognizer recognizer, PrintWriter console) {
    this.recognizer = recognizer;
    this.console = console;
  }

  /**
   * A decoded clip ready for scoring.
   *
   * @param samples mono, at {@code sampleRate} Hz (the recognizer's)
   */
  public record Clip(CorpusRow row, float[] samples, int sampleRate) {
    public double seconds() {
      return samples.length / (double) sampleRate;
    }

    /** The samples at {@code rate} Hz (another recognizer's, such as a teacher's). */
    public float[] resampledTo(int rate) {
      return rate == sampleRate ? samples : Resampler.resample(samples, sampleRate, rate);
    }

    public String source() {
      String s = org.acmasr.train.Utterance.sourceOf(row.clip().getFileName().toString());
      return s.isEmpty() ? "all" : s;
    }
  }

  /** Decodes the rows' audio once; undecodable clips are reported and skipped. */
  public List<Clip> load(List<CorpusRow> rows) {
    List<Clip> clips = new ArrayList<>();
    for (CorpusRow r : rows) {
      try {
        clips.add(new Clip(r, AudioDecoder.loadMono(r.clip(), null, recognizer.sampleRate()), recognizer.sampleRate()));
      } catch (IOException e) {
        console.println("skipping " + r.clip().getFileName() + ": " + e.getMessage());
      }
    }
    return clips;
  }

  /** CPU nanoseconds of this thread so far, or 0 where the JVM cannot tell. */
  private static long threadCpuNanos() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
  }

  public EvalResult evaluate(String modelName, List<Clip> clips, double[] budgets) {
    double audio = 0;
    for (Clip c : clips) audio += c.seconds();
    List<EvalResult.BudgetResult> results = new ArrayList<>();
    for (double beta : budgets) {
      ErrorRate.Counter all = new ErrorRate.Counter();
      Map<String, ErrorRate.Counter> bySource = new TreeMap<>();
      List<String[]> hyps = new ArrayList<>();
      double computeWeighted = 0;
      double frames = 0;
      double processing = 0;
      double cpu = 0;
      for (Clip c : clips) {
        long cpu0 = threadCpuNanos();
        Transcript t = recognizer.transcribe(c.resampledTo(recognizer.sampleRate()), Budget.fixed(beta));
        cpu += (threadCpuNanos() - cpu0) / 1e9;
        String ref = c.row().text();
        all.add(ref, t.text());
        bySource.computeIfAbsent(c.source(), k -> new ErrorRate.Counter()).add(ref, t.text());
        hyps.add(new String[] {c.row().clip().getFileName().toString(), ref, t.text()});
        computeWeighted += t.computeUsed() * t.frameCompute().length;
        frames += t.frameCompute().length;
        processing += t.processingSeconds();
      }
      Map<String, double[]> per = new LinkedHashMap<>();
      bySource.forEach((k, v) -> per.put(k, new double[] {v.wer(), v.cer(), v.referenceWords()}));
      EvalResult.BudgetResult r = new EvalResult.BudgetResult(beta, all.wer(), all.cer(),
          frames == 0 ? 0 : computeWeighted / frames, audio == 0 ? 0 : processing / audio,
          audio == 0 || cpu <= 0 ? 0 : cpu / audio, per, hyps);
      console.printf(java.util.Locale.ROOT,
          "budget %.2f: WER %.2f%%, CER %.2f%%, compute %.3f, %.0fx real time (%.0fx in thread CPU time)%n", beta,
          100 * r.wer(), 100 * r.cer(), r.compute(), r.xRealTime(), r.cpuXRealTime());
      console.flush();
      results.add(r);
    }
    return new EvalResult(modelName, clips.size(), audio, results);
  }
}
