package org.acmasr.train.data;

/**
 * The operations of one minimum-cost alignment of a hypothesis to a reference, or their sums over many
 * alignments.
 *
 * @param correct       reference units matched unchanged
 * @param substitutions reference units replaced by a different hypothesis unit
 * @param deletions     reference units missing from the hypothesis
 * @param insertions    hypothesis units with no reference counterpart
 */
public record EditOps(long correct, long substitutions, long deletions, long insertions) {
  /** No operations: the alignment of two empty sequences. */
  public static final EditOps NONE = new EditOps(0, 0, 0, 0);

  public EditOps {
    if (correct < 0 || substitutions < 0 || deletions < 0 || insertions < 0) {
      throw new IllegalArgumentException("edit_ops = " + correct + "/" + substitutions + "/" + deletions + "/"
          + insertions + ": counts must be >= 0");
    }
  }

  /** The edit distance: S + D + I. */
  public long errors() {
    return substitutions + deletions + insertions;
  }

  /** Units in the reference: C + S + D. */
  public long referenceLength() {
    return correct + substitutions + deletions;
  }

  /** Units in the hypothesis: C + S + I. */
  public long hypothesisLength() {
    return correct + substitutions + insertions;
  }

  /**
   * errors / reference length. With an empty reference the rate is 0 for an empty hypothesis and the
   * number of insertions otherwise (the denominator is taken as 1), so it stays finite.
   */
  public double rate() {
    return (double) errors() / Math.max(1, referenceLength());
  }

  /** Sum of two counts. */
  public EditOps plus(EditOps o) {
    return new EditOps(correct + o.correct, substitutions + o.substitutions, deletions + o.deletions,
        insertions + o.insertions);
  }

  /** e.g. {@code "3 errors / 10 (S 1, D 1, I 1)"}. */
  @Override
  public String toString() {
    return errors() + " errors / " + referenceLength() + " (S " + substitutions + ", D " + deletions + ", I "
        + insertions + ")";
  }
}
