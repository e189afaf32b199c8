package org.acmasr.train;

/**
 * A training or evaluation example.
 *
 * @param id     clip name
 * @param fbank  log-mel features [T10][F]
 * @param labels token ids of the normalised transcript (no blanks)
 * @param text   normalised transcript
 */
public record Utterance(String id, float[][] fbank, int[] labels, String text) {}
