package org.acmasr.decode;

/**
 * Settings of {@link CtcPrefixBeamSearch}. Immutable; the constructor rejects bad values with a
 * message that names the key and the value.
 *
 * @param beamWidth      number of prefixes kept after each frame (>= 1)
 * @param pruneThreshold per frame, only tokens whose log-probability is at least
 *     {@code max - pruneThreshold} (nats) may extend a prefix; > 0, {@code Double.POSITIVE_INFINITY}
 *     disables pruning
 */
public record BeamSearchConfig(int beamWidth, double pruneThreshold) {

  public BeamSearchConfig {
    Checks.require(beamWidth >= 1, "beam.width", beamWidth, "must be >= 1");
    Checks.require(pruneThreshold > 0, "beam.prune_threshold", pruneThreshold,
        "must be > 0 (Infinity disables pruning)");
  }

  /** Width 10, pruning 10 nats below each frame's best token. */
  public static BeamSearchConfig defaults() {
    return new BeamSearchConfig(10, 10.0);
  }

  public BeamSearchConfig withBeamWidth(int width) {
    return new BeamSearchConfig(width, pruneThreshold);
  }

  public BeamSearchConfig withPruneThreshold(double threshold) {
    return new BeamSearchConfig(beamWidth, threshold);
  }
}
