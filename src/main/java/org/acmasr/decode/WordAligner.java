package org.acmasr.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns emitted token spans into words with times and confidences, the same way for every decoder.
 *
 * <p>A word is a maximal run of tokens other than the space. For a word whose tokens are
 * {@code s_1..s_n}: {@code start = timeOffset + s_1.firstFrame * frameSeconds},
 * {@code end = timeOffset + (s_n.lastFrame + 1) * frameSeconds}, and
 * {@code confidence = exp(mean_i s_i.meanLogProb())}, clamped to at most 1 so that log-probabilities
 * rounded slightly above 0 cannot produce a confidence above 1.
 */
public final class WordAligner {
  private WordAligner() {}

  /**
   * @param tokens       the vocabulary, for symbols and the space index
   * @param spans        emitted tokens in order (blanks, if any, are ignored)
   * @param timeOffset   time in seconds of frame 0 of the segment
   * @param frameSeconds duration of one frame in seconds
   */
  public static List<Word> words(TokenSet tokens, List<TokenSpan> spans, double timeOffset, double frameSeconds) {
    List<Word> words = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    TokenSpan first = null;
    TokenSpan last = null;
    double meanSum = 0;
    int count = 0;
    for (TokenSpan s : spans) {
      if (s.token() == tokens.blank()) {
        continue;
      }
      if (s.token() == tokens.space()) {
        if (first != null) {
          words.add(word(text, first, last, meanSum / count, timeOffset, frameSeconds));
          text.setLength(0);
          first = null;
          meanSum = 0;
          count = 0;
        }
        continue;
      }
      if (first == null) {
        first = s;
      }
      last = s;
      text.append(tokens.symbol(s.token()));
      meanSum += s.meanLogProb();
      count++;
    }
    if (first != null) {
      words.add(word(text, first, last, meanSum / count, timeOffset, frameSeconds));
    }
    return words;
  }

  /** Builds a full hypothesis (text, words, tokens) from emitted spans. */
  public static Hypothesis hypothesis(TokenSet tokens, List<TokenSpan> spans, double logScore, double timeOffset,
      double frameSeconds) {
    int[] ids = new int[spans.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = spans.get(i).token();
    }
    return new Hypothesis(tokens.text(ids), words(tokens, spans, timeOffset, frameSeconds), ids, logScore);
  }

  private static Word word(StringBuilder text, TokenSpan first, TokenSpan last, double meanLogProb, double timeOffset,
      double frameSeconds) {
    double start = timeOffset + first.firstFrame() * frameSeconds;
    double end = timeOffset + (last.lastFrame() + 1) * frameSeconds;
    double confidence = Math.min(1.0, Math.exp(meanLogProb));
    return new Word(text.toString(), start, end, confidence);
  }
}
