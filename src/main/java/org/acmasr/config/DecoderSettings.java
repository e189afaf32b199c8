package org.acmasr.config;

import org.acmasr.engine.RecognizerConfig;

/**
 * The {@code decoder} section's overrides of what the model file recommends (its default budget is
 * {@link DefaultBudget}'s). Validated; errors name the key and value.
 *
 * @param beamWidth      CTC beam width: 0 = the model's recommendation (beam search with its language
 *                       models), 1 = greedy
 * @param pruneThreshold nats below a frame's best within which a character may start at β = 1 (the
 *                       search uses it × β): 0 = the model's recommendation
 */
public record DecoderSettings(int beamWidth, double pruneThreshold) {

  public DecoderSettings {
    if (beamWidth < 0 || beamWidth > 256) {
      throw new IllegalArgumentException("decoder.beam_width = " + beamWidth
          + ": must be in [0, 256] (0 = the model's recommendation, 1 = greedy)");
    }
    if (!(pruneThreshold == 0 || (pruneThreshold >= 0.5 && pruneThreshold <= 100))) {
      throw new IllegalArgumentException("decoder.prune_threshold = " + pruneThreshold
          + ": must be 0 (the model's recommendation) or in [0.5, 100] nats");
    }
  }

  public static DecoderSettings defaults() {
    return new DecoderSettings(0, 0);
  }

  /** {@code recommended} (the model's settings) with these overrides applied. */
  public RecognizerConfig applyTo(RecognizerConfig recommended) {
    RecognizerConfig c = beamWidth == 0 ? recommended : recommended.withBeamWidth(beamWidth);
    return pruneThreshold == 0 ? c : c.withPruneThreshold(pruneThreshold);
  }
}
