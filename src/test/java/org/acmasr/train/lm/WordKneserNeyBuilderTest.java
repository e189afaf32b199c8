package org.acmasr.train.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acmasr.decode.WordNgramLm;
import org.acmasr.decode.WordNgrams;
import org.junit.jupiter.api.Test;

/**
 * Modified Kneser-Ney on "a b", "a b", "b a" (bigrams), by hand:
 * <pre>
 *   bigram counts (raw, top order): &lt;s&gt; a 2, a b 2, b &lt;/s&gt; 2, &lt;s&gt; b 1, b a 1, a &lt;/s&gt; 1
 *   unigram continuation counts: a 2 ({&lt;s&gt;, b}), b 2 ({a, &lt;s&gt;}), &lt;/s&gt; 2 ({a, b}), &lt;unk&gt; 0
 *   order 1: t1 = 0, t2 = 3  -> D1 falls back to 0.5, D2 = 2 - 0 = 2 is not below 2 -> 1.0, D3 -> 1.5
 *   order 2: t1 = 3, t2 = 3, t3 = 0 -> Y = 3/9, D1 = 1 - 2 Y 3/3 = 1/3, D2 = 2 - 0 = 2 -> 1.0, D3 -> 1.5
 *   γ(ε) = D2 · 3 / 6 = 1/2; uniform over {&lt;unk&gt;, &lt;/s&gt;, a, b} = 1/4
 *   p(a) = p(b) = p(&lt;/s&gt;) = (2 - 1)/6 + 1/2 · 1/4 = 7/24;  p(&lt;unk&gt;) = 1/8
 *   every context (&lt;s&gt;, a, b) has continuations of counts 2 and 1, total 3: γ = (1/3 + 1)/3 = 4/9
 *   p(a|&lt;s&gt;) = (2 - 1)/3 + 4/9 · 7/24 = 100/216;  p(b|&lt;s&gt;) = (1 - 1/3)/3 + 4/9 · 7/24 = 76/216
 * </pre>
 * Pruning bigrams seen once leaves &lt;s&gt; a, a b, b &lt;/s&gt;; then
 * bo(&lt;s&gt;) = 4/9 + u(b|&lt;s&gt;) / (1 - p(a)) = 4/9 + (2/9) / (17/24) = 116/153.
 */
class WordKneserNeyBuilderTest {
  private static final List<String> CORPUS = List.of("a b", "a b", "b a");

  private static WordNgrams build(WordLmOptions o) {
    WordKneserNeyBuilder b = new WordKneserNeyBuilder(o);
    CORPUS.forEach(b::countWords);
    b.fixVocabulary();
    CORPUS.forEach(b::addSentence);
    return b.build();
  }

  /** n-gram text → {log10 p, log10 back-off}. */
  private static Map<String, float[]> table(WordNgrams g) {
    Map<String, float[]> m = new HashMap<>();
    for (int n = 1; n <= g.order(); n++) {
      for (int i = 0; i < g.count(n); i++) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < n; j++) sb.append(j == 0 ? "" : " ").append(g.vocab().get(g.word(n, i, j)));
        m.put(sb.toString(), new float[] {g.log10Prob(n, i), g.log10Backoff(n, i)});
      }
    }
    return m;
  }

  private static void assertLog(double expected, float actual, String what) {
    assertEquals(Math.log10(expected), actual, 1e-5, what);
  }

  @Test
  void modifiedKneserNeyByHand() {
    Map<String, float[]> t = table(build(WordLmOptions.unpruned(2, 0)));
    assertEquals(5 + 6, t.size());
    for (String w : List.of("a", "b", "</s>")) assertLog(7.0 / 24, t.get(w)[0], "p(" + w + ")");
    assertLog(1.0 / 8, t.get("<unk>")[0], "p(<unk>)");
    assertEquals(-99f, t.get("<s>")[0]);
    assertLog(100.0 / 216, t.get("<s> a")[0], "p(a|<s>)");
    assertLog(76.0 / 216, t.get("<s> b")[0], "p(b|<s>)");
    assertLog(100.0 / 216, t.get("a b")[0], "p(b|a)");
    assertLog(76.0 / 216, t.get("a </s>")[0], "p(</s>|a)");
    assertLog(100.0 / 216, t.get("b </s>")[0], "p(</s>|b)");
    assertLog(76.0 / 216, t.get("b a")[0], "p(a|b)");
    for (String h : List.of("<s>", "a", "b")) assertLog(4.0 / 9, t.get(h)[1], "bo(" + h + ")");
    assertEquals(0f, t.get("</s>")[1]);
  }

  @Test
  void pruningRenormalisesTheBackoff() {
    WordNgrams g = build(new WordLmOptions(2, 0, new int[] {1, 2}));
    Map<String, float[]> t = table(g);
    assertEquals(3, g.count(2));
    assertLog(100.0 / 216, t.get("<s> a")[0], "p(a|<s>) is kept as estimated");
    assertLog(116.0 / 153, t.get("<s>")[1], "bo(<s>)");
    // every distribution still sums to 1 through the runtime model
    WordNgramLm lm = new WordNgramLm(g);
    for (String h : List.of("<s>", "a", "b")) {
      long s = lm.next(0L, lm.id(h));
      double sum = 0;
      for (String w : List.of("a", "b", "</s>", "<unk>")) sum += Math.exp(lm.score(s, lm.id(w)));
      assertEquals(1.0, sum, 1e-5, "P(.|" + h + ")");
    }
  }

  @Test
  void vocabularyLimitMapsRareWordsToUnk() {
    WordKneserNeyBuilder b = new WordKneserNeyBuilder(WordLmOptions.unpruned(3, 2));
    List<String> text = List.of("x y z", "x y", "x");
    text.forEach(b::countWords);
    b.fixVocabulary();
    text.forEach(b::addSentence);
    WordNgrams g = b.build();
    assertEquals(List.of("<unk>", "<s>", "</s>", "x", "y"), g.vocab());
    assertEquals(1, b.unknownWords());
    assertEquals(6, b.words());
  }

  @Test
  void badOptionsNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WordLmOptions(5, 0,
        new int[] {1, 1, 1, 1, 1}));
    assertEquals("--word-order 5: must be in [1, 4]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new WordLmOptions(3, 0, new int[] {1, 0, 2}));
    assertEquals("--prune [1, 0, 2]: needs one count >= 1 per order 1..3, the first 1 (unigrams are limited by --vocab)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new WordLmOptions(4, 70000, new int[] {1, 1, 1, 1}));
    assertEquals("--vocab 70000: must be in [0, 65531] for order 4 (0 = every word)", e.getMessage());
  }
}
