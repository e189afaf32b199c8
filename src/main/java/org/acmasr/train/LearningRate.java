package org.acmasr.train;

/**
 * Linear warm-up to a peak, then inverse-square-root decay (the Transformer schedule), with a floor.
 *
 * @param peak   learning rate reached at the end of warm-up
 * @param warmup warm-up steps
 * @param floor  lower bound after decay
 */
public record LearningRate(double peak, long warmup, double floor) {

  public LearningRate {
    if (!(peak > 0)) throw new IllegalArgumentException("train.lr = " + peak + ": must be > 0");
    if (warmup < 1) throw new IllegalArgumentException("train.warmup_steps = " + warmup + ": must be >= 1");
    if (!(floor >= 0 && floor <= peak)) throw new IllegalArgumentException("train.lr_floor = " + floor + ": must be in [0, lr]");
  }

  /** Rate for 1-based step {@code step}. */
  public double at(long step) {
    if (step <= warmup) return peak * step / warmup;
    return Math.max(floor, peak * Math.sqrt((double) warmup / step));
  }
}
