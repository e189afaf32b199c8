package org.acmasr.engine;

/**
 * The shared level of the {@code "auto"} budget: a multiplicative-decrease, additive-increase controller
 * fed with the worst lag of the auto streams in each batch the scheduler runs. Steps down at most once per
 * half target (so one slow batch does not collapse it), back up linearly in time while the lag is under
 * half the target. Not thread-safe: the scheduler calls it under its lock.
 */
final class AutoBudget {
  private final AutoBudgetConfig config;
  private final long targetNanos;
  private double level = 1.0;
  private long lastUpdate = Long.MIN_VALUE;
  private long lastDecrease = Long.MIN_VALUE;

  AutoBudget(AutoBudgetConfig config) {
    this.config = config;
    this.targetNanos = config.targetMs() * 1_000_000L;
  }

  /** The level now, in [floor, 1]. */
  double level() {
    return level;
  }

  /** The budget an auto stream with its own {@code floor} (≥ the configured floor or not) decodes at now. */
  double budgetFor(double floor) {
    return Math.max(floor, level);
  }

  /** Observes the worst lag (nanoseconds of audio behind real time) of the auto streams in a batch at {@code now}. */
  void observe(long lagNanos, long now) {
    double dt = lastUpdate == Long.MIN_VALUE ? 0 : (now - lastUpdate) / 1e9;
    lastUpdate = now;
    if (lagNanos > targetNanos) {
      if (lastDecrease == Long.MIN_VALUE || now - lastDecrease >= targetNanos / 2) {
        level = Math.max(config.floor(), level * config.decrease());
        lastDecrease = now;
      }
    } else if (lagNanos < targetNanos / 2) {
      level = Math.min(1.0, level + config.increasePerSecond() * dt);
    }
  }
}
