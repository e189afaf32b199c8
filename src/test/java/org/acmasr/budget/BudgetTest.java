package org.acmasr.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** One rule, (0, 1], for every budget; errors name the key and the value as the client wrote it. */
class BudgetTest {

  @Test
  void fixedAndAutoHoldValidatedValues() {
    assertEquals(0.5, Budget.fixed(0.5).value());
    assertEquals(0.3f, Budget.fixed("kafka.budget", 0.3f).asFloat());
    assertEquals(1.0, Budget.FULL.value());
    assertEquals(0.25, Budget.auto("budget.floor", 0.25).floor());
    assertEquals(new Budget.Fixed(0.75), Budget.fixed(0.75));
  }

  @Test
  void outOfRangeValuesAreRefusedNamingKeyAndValue() {
    assertEquals("budget = 0.0: must be in (0, 1]", message(() -> Budget.fixed(0)));
    assertEquals("start.budget = 1.50: must be in (0, 1]", message(() -> Budget.fixed("start.budget", 1.5, "1.50")));
    assertEquals("kafka.default_budget = NaN: must be in (0, 1]",
        message(() -> Budget.fixed("kafka.default_budget", Double.NaN)));
    assertEquals("engine.auto_budget.floor = -0.1: must be in (0, 1]",
        message(() -> Budget.auto("engine.auto_budget.floor", -0.1)));
    assertEquals("budget = 2.0: must be in (0, 1]", message(() -> new Budget.Fixed(2)));
    assertEquals("budget.floor = 0.0: must be in (0, 1]", message(() -> new Budget.Auto(0)));
    assertEquals("gate input = 1.5: must be in (0, 1]", message(() -> Budget.requireInRange("gate input", 1.5, "1.5")));
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }
}
