package org.acmasr.engine;

/**
 * One batched forward pass, for metrics.
 *
 * @param streams       streams decoded together
 * @param audioSeconds  seconds of audio the pass decoded (all streams)
 * @param nanos         wall time of the pass
 * @param searchNanos   the part of {@code nanos} spent after the encoder: the streams' beam search and
 *                      endpointing (the rest is the encoder's)
 * @param adaptiveMacs  adaptive multiply-accumulates executed (learners and gates)
 * @param adaptiveStatic the same for the static model (every learner on every frame)
 */
public record BatchStats(int streams, double audioSeconds, long nanos, long searchNanos, double adaptiveMacs,
    double adaptiveStatic) {
}
