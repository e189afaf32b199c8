package org.acmasr.decode;

import static org.acmasr.decode.TokenSetTest.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcGreedyDecoderTest {
  private static final TokenSet EN = TokenSet.english();

  private static Hypothesis decode(float[][] m) {
    CtcGreedyDecoder d = new CtcGreedyDecoder(EN, Frames.FRAME);
    d.accept(m);
    return d.current();
  }

  @Test
  void argmaxCollapsesRepeatsAndDropsBlanks() {
    // h h _ e _ l l _ l o o _ _ ' s
    float[][] m = Frames.rows(29, 0.7, ids("hh", 0, "e", 0, "ll", 0, "loo", 0, 0, "'s"));
    Hypothesis h = decode(m);
    assertEquals("hello's", h.text());
    assertArrayEquals(ids("hello's"), h.tokens());
  }

  @Test
  void repeatedTokensWithoutBlankCollapse() {
    assertEquals("a", decode(Frames.rows(29, 0.9, ids("aaaa"))).text());
    assertEquals("aa", decode(Frames.rows(29, 0.9, ids("aa", 0, "a"))).text());
  }

  @Test
  void emptyInputGivesEmptyHypothesis() {
    CtcGreedyDecoder d = new CtcGreedyDecoder(EN, Frames.FRAME);
    d.accept(new float[0][]);
    assertEquals(Hypothesis.empty(), d.current());
    assertEquals(0, d.frames());
    d.accept(Frames.rows(29, 0.9, 0, 0, 0));
    assertEquals(Hypothesis.empty().text(), d.current().text());
    assertEquals(3, d.frames());
  }

  @Test
  void scoreIsTheBestPathLogProbability() {
    Random r = new Random(3);
    float[][] m = Frames.random(r, 40, 29, 2.0);
    double expected = 0;
    for (float[] row : m) {
      float max = Float.NEGATIVE_INFINITY;
      for (float v : row) {
        max = Math.max(max, v);
      }
      expected += max;
    }
    assertEquals(expected, decode(m).logScore(), 1e-9);
  }

  /** Frames: _ h h i _ ␣ ␣ a a _  with p = .9 .8 .6 .7 .9 .5 .9 .6 .8 .9, segment starting at 1.5 s. */
  @Test
  void wordTimesAndConfidencesByHand() {
    int h = EN.indexOf("h");
    int i = EN.indexOf("i");
    int a = EN.indexOf("a");
    int sp = EN.space();
    int[] tok = {0, h, h, i, 0, sp, sp, a, a, 0};
    double[] p = {.9, .8, .6, .7, .9, .5, .9, .6, .8, .9};
    float[][] m = new float[tok.length][];
    for (int t = 0; t < tok.length; t++) {
      m[t] = Frames.row(29, tok[t], p[t]);
    }
    CtcGreedyDecoder d = new CtcGreedyDecoder(EN, 0.04);
    d.reset(1.5);
    d.accept(m);
    Hypothesis hyp = d.current();
    assertEquals("hi a", hyp.text());
    List<Word> w = hyp.words();
    assertEquals(2, w.size());
    double lh = ((double) m[1][h] + m[2][h]) / 2; // h over frames 1..2
    double li = m[3][i]; // i over frame 3
    double la = ((double) m[7][a] + m[8][a]) / 2; // a over frames 7..8
    assertEquals("hi", w.get(0).word());
    assertEquals(1.5 + 1 * 0.04, w.get(0).start(), 1e-12);
    assertEquals(1.5 + 4 * 0.04, w.get(0).end(), 1e-12);
    assertEquals(Math.exp((lh + li) / 2), w.get(0).confidence(), 1e-12);
    assertEquals(Math.sqrt(Math.sqrt(.8 * .6) * .7), w.get(0).confidence(), 1e-6);
    assertEquals("a", w.get(1).word());
    assertEquals(1.5 + 7 * 0.04, w.get(1).start(), 1e-12);
    assertEquals(1.5 + 9 * 0.04, w.get(1).end(), 1e-12);
    assertEquals(Math.exp(la), w.get(1).confidence(), 1e-12);
    assertEquals(Math.sqrt(.6 * .8), w.get(1).confidence(), 1e-6);
  }

  @Test
  void anySplitGivesTheSameResultAsOneCall() {
    Random r = new Random(11);
    for (int trial = 0; trial < 40; trial++) {
      float[][] m = trial % 2 == 0 ? Frames.peaked(r, 80, 29, 0.3) : Frames.random(r, 80, 29, 3.0);
      Hypothesis whole = decode(m);
      CtcGreedyDecoder d = new CtcGreedyDecoder(EN, Frames.FRAME);
      Frames.feedInRandomSplits(m, r, 1 + trial % 9, d::accept);
      assertEquals(whole, d.current(), "trial " + trial);
      assertEquals(80, d.frames());
    }
  }

  @Test
  void resetStartsANewSegmentAtTheOffset() {
    float[][] m = Frames.rows(29, 0.9, ids(0, "ab", 0, " ", "c", 0));
    CtcGreedyDecoder d = new CtcGreedyDecoder(EN, 0.04);
    d.accept(Frames.rows(29, 0.9, ids("zzz")));
    d.reset(2.0);
    assertEquals(Hypothesis.empty(), d.current());
    d.accept(m);
    Hypothesis h = d.current();
    assertEquals("ab c", h.text());
    assertEquals(new Word("ab", 2.0 + 1 * 0.04, 2.0 + 3 * 0.04, h.words().get(0).confidence()), h.words().get(0));
    assertEquals(new Word("c", 2.0 + 5 * 0.04, 2.0 + 6 * 0.04, h.words().get(1).confidence()), h.words().get(1));
    Hypothesis fresh = decode(m);
    assertEquals(fresh.text(), h.text());
    assertEquals(fresh.logScore(), h.logScore());
  }

  @Test
  void rejectsBadShapesValuesAndSettings() {
    CtcGreedyDecoder d = new CtcGreedyDecoder(EN, 0.04);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.accept(new float[][] {new float[29], new float[30]}));
    assertEquals("logProbs[1] has 30 entries, expected 29 (the token set size)", e.getMessage());
    float[] nan = Frames.row(29, 3, 0.5);
    nan[7] = Float.NaN;
    d.accept(Frames.rows(29, 0.9, ids("ab")));
    e = assertThrows(IllegalArgumentException.class,
        () -> d.accept(new float[][] {Frames.row(29, 4, 0.9), nan}));
    assertEquals("logProbs[1][7] is NaN", e.getMessage());
    assertEquals(2, d.frames(), "a rejected call consumes no frame");
    assertEquals("ab", d.current().text());
    e = assertThrows(IllegalArgumentException.class, () -> new CtcGreedyDecoder(EN, 0));
    assertEquals("decode.frame_seconds = 0.0: must be a finite number > 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> d.reset(-1));
    assertEquals("decode.time_offset = -1.0: must be a finite number >= 0", e.getMessage());
  }
}
