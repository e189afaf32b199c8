package org.acmasr.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultRecordsTest {

  @Test
  void wordRejectsAnInvertedSpanAndAConfidenceOutsideZeroOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Word("a", 1.0, 0.5, 0.5));
    assertEquals("word 'a': span [1.0, 0.5] must be finite with end >= start", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Word("a", 0, 1, 1.5));
    assertEquals("word 'a': confidence 1.5 must be in [0, 1]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Word("a", 0, 1, Double.NaN));
  }

  @Test
  void hypothesisCopiesItsTokensAndWordsAndComparesByContent() {
    int[] tokens = {2, 3};
    List<Word> words = new ArrayList<>(List.of(new Word("ab", 0, 0.08, 0.9)));
    Hypothesis h = new Hypothesis("ab", words, tokens, -1.5);
    tokens[0] = 9;
    words.clear();
    h.tokens()[1] = 9;
    assertArrayEquals(new int[] {2, 3}, h.tokens());
    assertEquals(1, h.words().size());
    Hypothesis same = new Hypothesis("ab", List.of(new Word("ab", 0, 0.08, 0.9)), new int[] {2, 3}, -1.5);
    assertEquals(same, h);
    assertEquals(same.hashCode(), h.hashCode());
    assertNotEquals(new Hypothesis("ab", h.words(), new int[] {2, 4}, -1.5), h);
    assertNotEquals(new Hypothesis("ab", h.words(), new int[] {2, 3}, -1.25), h);
  }

  @Test
  void tokenSpanValidatesAndExtends() {
    TokenSpan s = new TokenSpan(4, 3, 3, -0.5).extendedTo(4, -0.25);
    assertEquals(new TokenSpan(4, 3, 4, -0.75), s);
    assertEquals(2, s.frames());
    assertEquals(-0.375, s.meanLogProb());
    assertThrows(IllegalArgumentException.class, () -> new TokenSpan(4, 5, 4, 0));
    assertThrows(IllegalArgumentException.class, () -> new TokenSpan(-1, 0, 0, 0));
  }
}
