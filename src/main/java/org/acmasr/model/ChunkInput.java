package org.acmasr.model;

/**
 * One stream's share of a batched forward call.
 *
 * @param cache  the stream's encoder state (updated by the call)
 * @param frames stacked, normalised encoder input frames [n][inputDim], 1 ≤ n ≤ chunk size; fewer
 *               than a chunk only for the last chunk of a stream
 * @param beta   requested compute budget in (0, 1]
 */
public record ChunkInput(EncoderCache cache, float[][] frames, float beta) {}
