package org.acmasr.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordAlignerTest {
  private static final TokenSet EN = TokenSet.english();
  private static final int H = EN.indexOf("h");
  private static final int I = EN.indexOf("i");
  private static final int A = EN.indexOf("a");
  private static final int SP = EN.space();

  @Test
  void wordsTimesAndConfidencesFromSpans() {
    List<TokenSpan> spans = List.of(
        new TokenSpan(SP, 0, 0, -0.1),
        new TokenSpan(H, 2, 4, -0.3), // mean -0.1
        new TokenSpan(I, 6, 6, -0.5), // mean -0.5
        new TokenSpan(SP, 8, 9, -0.2),
        new TokenSpan(SP, 10, 10, -0.2),
        new TokenSpan(A, 12, 13, -1.0)); // mean -0.5
    List<Word> words = WordAligner.words(EN, spans, 3.0, 0.04);
    assertEquals(2, words.size());
    Word hi = words.get(0);
    assertEquals("hi", hi.word());
    assertEquals(3.0 + 2 * 0.04, hi.start(), 1e-12);
    assertEquals(3.0 + 7 * 0.04, hi.end(), 1e-12);
    assertEquals(Math.exp((-0.1 - 0.5) / 2), hi.confidence(), 1e-12);
    Word a = words.get(1);
    assertEquals("a", a.word());
    assertEquals(3.0 + 12 * 0.04, a.start(), 1e-12);
    assertEquals(3.0 + 14 * 0.04, a.end(), 1e-12);
    assertEquals(Math.exp(-0.5), a.confidence(), 1e-12);
  }

  @Test
  void noSpacesAndNoTokensGiveOneAndNoWords() {
    assertEquals(List.of(new Word("a", 10 * 0.04, 12 * 0.04, 1.0)),
        WordAligner.words(EN, List.of(new TokenSpan(A, 10, 11, 0)), 0, 0.04));
    assertEquals(List.of(), WordAligner.words(EN, List.of(), 0, 0.04));
    assertEquals(List.of(), WordAligner.words(EN, List.of(new TokenSpan(SP, 0, 3, -1)), 0, 0.04));
  }

  @Test
  void confidenceIsClampedToOneWhenLogProbsRoundAboveZero() {
    List<Word> w = WordAligner.words(EN, List.of(new TokenSpan(A, 0, 1, 2e-7)), 0, 0.04);
    assertEquals(1.0, w.get(0).confidence());
  }

  @Test
  void hypothesisTextMatchesItsWordsAndTokens() {
    List<TokenSpan> spans = List.of(new TokenSpan(H, 0, 0, -0.2), new TokenSpan(SP, 1, 1, -0.1),
        new TokenSpan(I, 2, 2, -0.4));
    Hypothesis h = WordAligner.hypothesis(EN, spans, -2.5, 1.0, 0.04);
    assertEquals("h i", h.text());
    assertArrayEquals(new int[] {H, SP, I}, h.tokens());
    assertEquals(-2.5, h.logScore());
    assertEquals(List.of("h", "i"), h.words().stream().map(Word::word).toList());
  }
}
