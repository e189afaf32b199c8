package org.acmasr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Frames spell "the c(o|a)t": the acoustics prefer "o" (0.6 against 0.4). The word LM knows "the cat"
 * (log10 -0.2) far better than "the cot" (-2.0), so fused at weight 1 it turns "cot" into "cat"; on its
 * own, "cot" is the likelier unigram (-0.7 against -1.0), and the acoustics and the LM agree.
 */
class WordFusionTest {
  private static final TokenSet EN = TokenSet.english();
  private static final String ARPA = String.join("\n", "\\data\\", "ngram 1=6", "ngram 2=3", "", "\\1-grams:",
      "-1.0\t<unk>", "-99\t<s>\t0", "-1.0\t</s>", "-0.6\tthe\t0", "-1.0\tcat\t0", "-0.7\tcot\t0", "", "\\2-grams:",
      "-0.1\t<s> the", "-0.2\tthe cat", "-2.0\tthe cot", "", "\\end\\", "");

  private static WordFusion fusion() throws IOException {
    WordNgrams g = ArpaReader.read(new ByteArrayInputStream(ARPA.getBytes(StandardCharsets.UTF_8)), "test.arpa");
    return new WordFusion(new WordNgramLm(g), EN);
  }

  private static float[][] spell(String text) {
    float[][] m = new float[text.length()][];
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '?') {
        float[] r = new float[EN.size()];
        Arrays.fill(r, (float) Math.log(1e-4 / 27));
        r[EN.indexOf("o")] = (float) Math.log(0.6 - 1e-4);
        r[EN.indexOf("a")] = (float) Math.log(0.4);
        m[i] = r;
      } else {
        m[i] = Frames.row(EN.size(), EN.indexOf(String.valueOf(ch)), 0.99);
      }
    }
    return m;
  }

  private static Hypothesis decode(BeamSearchConfig cfg, WordFusion f, String frames) {
    CtcPrefixBeamSearch s = new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg, null, null, f);
    s.accept(spell(frames));
    return s.current();
  }

  @Test
  void lexiconHoldsTheSpellableWordsWithTheirLookahead() throws IOException {
    WordFusion f = fusion();
    assertEquals(3, f.lexicon().size()); // the, cat, cot; not <s>, </s>, <unk>
    int c = f.lexicon().next(Lexicon.ROOT, EN.indexOf("c"));
    assertEquals(-0.7 * Math.log(10), f.lookahead(c), 1e-5, "best unigram below 'c' is cot");
    int ca = f.lexicon().next(c, EN.indexOf("a"));
    assertEquals(-1.0 * Math.log(10), f.lookahead(ca), 1e-5);
    assertEquals(-1.0 * Math.log(10), f.lookahead(Lexicon.OUT), 1e-5, "a spelling out of the lexicon is <unk>");
    assertEquals(f.lm().id("cat"), f.word(f.lexicon().next(ca, EN.indexOf("t"))));
    assertEquals(f.lm().unk(), f.word(ca), "a mere prefix is <unk>");
  }

  @Test
  void theWordLmPicksTheWordItsContextPredicts() throws IOException {
    WordFusion f = fusion();
    BeamSearchConfig cfg = new BeamSearchConfig(16, 20);
    assertEquals("the cot", decode(cfg, f, "the c?t").text(), "word LM weight 0 ignores it");
    Hypothesis fused = decode(cfg.withWordLm(1.0, 0), f, "the c?t");
    assertEquals("the cat", fused.text());
    assertEquals(2, fused.words().size(), "word timings still come out");
    assertEquals(4 * Frames.FRAME, fused.words().get(1).start(), 1e-9);
    assertEquals("cot", decode(cfg.withWordLm(1.0, 0), f, "c?t").text(), "without 'the', cot is the likelier word");
  }

  @Test
  void anySplitOfTheFramesGivesTheSameResult() throws IOException {
    WordFusion f = fusion();
    BeamSearchConfig cfg = new BeamSearchConfig(16, 20).withWordLm(1.0, 0.5).withOovPenalty(2);
    float[][] m = spell("the c?t the cot");
    CtcPrefixBeamSearch whole = new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg, null, null, f);
    whole.accept(m);
    CtcPrefixBeamSearch pieces = new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg, null, null, f);
    for (float[] row : m) pieces.accept(new float[][] {row});
    assertEquals(whole.current(), pieces.current());
  }

  @Test
  void badWeightsNameTheKey() {
    var e = assertThrows(IllegalArgumentException.class, () -> new BeamSearchConfig(8, 10).withWordLm(11, 0));
    assertEquals("beam.word_lm_weight = 11.0: must be in [0, 10]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BeamSearchConfig(8, 10).withWordLm(1, 60));
    assertEquals("beam.word_bonus = 60.0: must be in [-50, 50]", e.getMessage());
  }
}
