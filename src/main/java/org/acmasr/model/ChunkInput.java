package org.acmasr.model;

import org.acmasr.budget.Budget;

/**
 * One stream's share of a batched forward call.
 *
 * @param cache  the stream's encoder state (updated by the call)
 * @param frames stacked, normalised encoder input frames [n][inputDim], 1 ≤ n ≤ chunk size; fewer
 *               than a chunk only for the last chunk of a stream
 * @param budget requested compute budget (the model maps it to its gates' input)
 */
public record ChunkInput(EncoderCache cache, float[][] frames, Budget.Fixed budget) {}
