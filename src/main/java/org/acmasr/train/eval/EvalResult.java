package org.acmasr.train.eval;

import java.util.List;
import java.util.Map;

/**
 * Evaluation of one model on one data set at several budgets.
 *
 * @param model      model name
 * @param utterances utterances scored
 * @param audioSeconds total audio duration
 * @param results    one row per budget
 */
public record EvalResult(String model, int utterances, double audioSeconds, List<BudgetResult> results) {

  /**
   * @param budget         requested β
   * @param wer            corpus word error rate (fraction)
   * @param cer            corpus character error rate (fraction)
   * @param compute        measured mean compute fraction (adaptive MACs / static)
   * @param rtf            real-time factor: processing seconds / audio seconds (one thread)
   * @param cpuRtf         the same with the decoding thread's CPU seconds: what the work costs, unaffected by
   *                       other processes sharing the machine (0 where the JVM cannot measure thread CPU time)
   * @param perSource      WER per source (clip-name prefix before the first '_')
   * @param hypotheses     per utterance: clip, reference, hypothesis
   */
  public record BudgetResult(double budget, double wer, double cer, double compute, double rtf, double cpuRtf,
      Map<String, double[]> perSource, List<String[]> hypotheses) {

    /** Multiple of real time (1 / rtf). */
    public double xRealTime() {
      return rtf == 0 ? 0 : 1 / rtf;
    }

    /** Multiple of real time in the decoding thread's CPU time (1 / cpuRtf). */
    public double cpuXRealTime() {
      return cpuRtf == 0 ? 0 : 1 / cpuRtf;
    }
  }
}
