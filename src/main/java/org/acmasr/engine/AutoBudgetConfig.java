package org.acmasr.engine;

import org.acmasr.budget.Budget;

/**
 * How the scheduler steers the budget of streams that ask for {@code "auto"}: they share one level that
 * falls while the audio waiting to be decoded (a stream's lag behind real time) exceeds the latency
 * target, and rises again as load falls. Streams with a fixed β are never changed. Validated; errors
 * name the key and value.
 *
 * @param targetMs          lag, in milliseconds, above which the level falls
 * @param floor             lowest level the scheduler uses (a stream may ask for a higher floor of its own)
 * @param decrease          factor applied to the level at each step down, in (0, 1)
 * @param increasePerSecond level regained per second while the lag is under half the target
 */
public record AutoBudgetConfig(int targetMs, double floor, double decrease, double increasePerSecond) {

  public AutoBudgetConfig {
    if (targetMs < 1 || targetMs > 60_000) {
      throw new IllegalArgumentException("engine.auto_budget.target_ms = " + targetMs + ": must be in [1, 60000]");
    }
    Budget.auto("engine.auto_budget.floor", floor);
    if (!(decrease > 0 && decrease < 1)) {
      throw new IllegalArgumentException("engine.auto_budget.decrease = " + decrease + ": must be in (0, 1)");
    }
    if (!(increasePerSecond > 0 && increasePerSecond <= 10)) {
      throw new IllegalArgumentException("engine.auto_budget.increase_per_second = " + increasePerSecond
          + ": must be in (0, 10]");
    }
  }

  /**
   * Target 100 ms of lag, floor 0.25, ×0.8 per step down, +0.05 per second back up. Chosen with
   * {@code bench ws} at 200 auto streams (models/RESULTS.md): a faster climb (0.2 per second) overshot the
   * machine's capacity again within a second of each recovery, and p95 partial latency rose to seconds.
   */
  public static AutoBudgetConfig defaults() {
    return new AutoBudgetConfig(100, 0.25, 0.8, 0.05);
  }
}
