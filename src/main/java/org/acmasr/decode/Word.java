package org.acmasr.decode;

import java.util.Objects;

/**
 * A recognised word with its time span and confidence.
 *
 * @param word       the word's text (its tokens' symbols, concatenated)
 * @param start      start time in seconds (segment offset + first frame of its first token)
 * @param end        end time in seconds (segment offset + one past the last frame of its last token)
 * @param confidence in [0, 1]: exp of the mean over its tokens of each token's mean log-probability
 */
public record Word(String word, double start, double end, double confidence) {

  public Word {
    Objects.requireNonNull(word, "word");
    if (!(Double.isFinite(start) && Double.isFinite(end) && end >= start)) {
      throw new IllegalArgumentException("word '" + word + "': span [" + start + ", " + end
          + "] must be finite with end >= start");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("word '" + word + "': confidence " + confidence + " must be in [0, 1]");
    }
  }
}
