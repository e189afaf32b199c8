package org.acmasr.engine;

/** Validation of compute budgets β: every request may name one in (0, 1]. */
public final class Budget {
  private Budget() {}

  /** @throws IllegalArgumentException naming the value when it is outside (0, 1] */
  public static float check(double beta) {
    if (!(beta > 0 && beta <= 1)) {
      throw new IllegalArgumentException("budget = " + beta + ": must be in (0, 1]");
    }
    return (float) beta;
  }
}
