package org.acmasr.cli;

import org.acmasr.budget.Budget;

/** A budget given on the command line: a number in (0, 1] or {@code auto}. */
final class BudgetArgument {
  private BudgetArgument() {}

  /**
   * @param option   the option, for the message of text that is neither
   * @param rangeKey the key a number outside (0, 1] is named by
   * @param floor    with {@code auto}: its floor, or null for none
   * @throws IllegalArgumentException {@code OPTION: "TEXT" is neither a number in (0, 1] nor auto}, or the
   *                                  range error of the number or the floor
   */
  static Budget parse(String option, String rangeKey, String text, String floorKey, Double floor) {
    String t = text.trim();
    if (t.equals("auto")) return Budget.auto(floorKey, floor);
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": \"" + text + "\" is neither a number in (0, 1] nor auto");
    }
    return Budget.fixed(rangeKey, v);
  }
}
