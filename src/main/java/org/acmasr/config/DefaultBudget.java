package org.acmasr.config;

import java.util.List;
import org.acmasr.budget.Budget;

/**
 * The one default compute budget β, {@code decoder.budget}: for WebSocket streams, batch requests and
 * Kafka requests that name none. The README documented {@code kafka.default_budget} for Kafka
 * requests; it is still read, with a deprecation warning, and may not contradict {@code decoder.budget}.
 */
final class DefaultBudget {
  static final String KEY = "decoder.budget";
  static final String DEPRECATED = "kafka.default_budget";

  private DefaultBudget() {}

  /**
   * @param warnings receives the deprecation warning
   * @throws IllegalArgumentException naming the key, value and source of a budget outside (0, 1], or
   *                                  both keys where they differ
   */
  static double read(Settings s, List<String> warnings) {
    boolean old = s.isSet(DEPRECATED);
    double beta = checked(s, KEY, s.getDouble(KEY, 1.0));
    if (!old) return beta;
    double legacy = checked(s, DEPRECATED, s.getDouble(DEPRECATED, 1.0));
    if (s.isSet(KEY) && legacy != beta) {
      throw new IllegalArgumentException(DEPRECATED + " = " + legacy + s.where(DEPRECATED) + ", " + KEY + " = " + beta
          + s.where(KEY) + ": one default budget serves streams, batch and Kafka requests; set only " + KEY);
    }
    warnings.add(DEPRECATED + s.where(DEPRECATED) + " is deprecated: set " + KEY
        + " (the default budget of streams, batch and Kafka requests) instead");
    return legacy;
  }

  private static double checked(Settings s, String key, double beta) {
    Budget.fixed(key, beta);
    return beta;
  }
}
