package org.acmasr.decode;

/**
 * One prefix in the beam with its CTC log-probabilities of ending in a blank and in a non-blank.
 * While a frame is being expanded, it collects contributions and keeps the node (timing) of the
 * largest single contribution.
 */
final class BeamEntry {
  PrefixNode node;
  double logBlank = LogProbs.NEG_INF;
  double logNonBlank = LogProbs.NEG_INF;
  double total = LogProbs.NEG_INF;
  /** {@link #total} plus the node's {@link PrefixNode#bias} (language models, bonuses, penalties): what the beam ranks by. */
  double score = LogProbs.NEG_INF;
  /** Order of creation within the frame: ties in {@link #score} keep the earlier entry. */
  int order;
  /**
   * The prefix's extensions by token computed so far (null until the first), carried from frame to frame
   * while the prefix stays in the beam.
   */
  Extension[] extensions;
  private double bestContribution = LogProbs.NEG_INF;

  BeamEntry(PrefixNode node) {
    this.node = node;
  }

  /** Adds paths reaching this prefix; {@code via} carries their alignment's timing. */
  void add(PrefixNode via, double blank, double nonBlank) {
    logBlank = LogProbs.logAddExp(logBlank, blank);
    logNonBlank = LogProbs.logAddExp(logNonBlank, nonBlank);
    double contribution = LogProbs.logAddExp(blank, nonBlank);
    if (contribution > bestContribution) {
      bestContribution = contribution;
      node = via;
    }
  }

  /** Fixes {@link #total} once all contributions of the frame are in. */
  void seal() {
    total = LogProbs.logAddExp(logBlank, logNonBlank);
    score = total + node.bias;
  }
}
