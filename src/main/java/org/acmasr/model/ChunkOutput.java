package org.acmasr.model;

/**
 * One stream's result of a forward call.
 *
 * @param logProbs       CTC log-probabilities [n][vocab]
 * @param frameCompute   per frame: executed adaptive MACs (learners + gates) / static adaptive MACs
 * @param adaptiveMacs   executed adaptive MACs over the n frames
 * @param adaptiveStatic static adaptive MACs over the n frames (all N learners, no gates)
 * @param fixedMacs      everything else counted (input and dense projections, attention, CTC head)
 */
public record ChunkOutput(float[][] logProbs, float[] frameCompute, long adaptiveMacs, long adaptiveStatic,
    long fixedMacs) {

  /** Fraction of the static model's adaptive cost that ran (what β asks for). */
  public double computeUsed() {
    return adaptiveStatic == 0 ? 0 : (double) adaptiveMacs / adaptiveStatic;
  }
}
