package org.acmasr.decode;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A decoding result (partial or final) for one segment.
 *
 * @param text     the transcript: symbols joined, whitespace collapsed, trimmed
 * @param words    the words of {@code text}, in order, with timings and confidences
 * @param tokens   the emitted token indices (no blanks, repeats already collapsed); copied in and out
 * @param logScore natural-log score: the best path's log-probability for the greedy decoder, the
 *     prefix's summed (beam-surviving) path log-probability for beam search; 0 before any frame
 */
public record Hypothesis(String text, List<Word> words, int[] tokens, double logScore) {

  public Hypothesis {
    Objects.requireNonNull(text, "text");
    words = List.copyOf(words);
    tokens = tokens.clone();
  }

  /** The empty hypothesis: no words, no tokens, score 0. */
  public static Hypothesis empty() {
    return new Hypothesis("", List.of(), new int[0], 0);
  }

  /** A copy of the emitted token indices. */
  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hypothesis h && text.equals(h.text) && words.equals(h.words) && Arrays.equals(tokens, h.tokens)
        && Double.compare(logScore, h.logScore) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, words, Arrays.hashCode(tokens), logScore);
  }

  @Override
  public String toString() {
    return "Hypothesis[text=" + text + ", words=" + words + ", tokens=" + Arrays.toString(tokens) + ", logScore="
        + logScore + "]";
  }
}
