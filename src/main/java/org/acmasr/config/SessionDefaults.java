package org.acmasr.config;

import org.acmasr.budget.Budget;
import org.acmasr.engine.Endpointing;

/**
 * What a stream gets for the {@code start} fields it leaves out, and the batch endpoint's budget.
 *
 * @param budget      compute budget β in (0, 1]
 * @param endpointing automatic segment ends
 */
public record SessionDefaults(double budget, Endpointing endpointing) {

  public SessionDefaults {
    Budget.fixed("decoder.budget", budget);
    if (endpointing == null) throw new IllegalArgumentException("endpointing: must be set");
  }

  public static SessionDefaults defaults() {
    return new SessionDefaults(1.0, Endpointing.defaults());
  }
}
