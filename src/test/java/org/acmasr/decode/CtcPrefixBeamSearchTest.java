package org.acmasr.decode;

import static org.acmasr.decode.TokenSetTest.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcPrefixBeamSearchTest {
  private static final TokenSet EN = TokenSet.english();
  /** Blank, space, a, b: small enough to enumerate every path. */
  private static final TokenSet AB = new TokenSet(List.of("<blk>", " ", "a", "b"));

  private static CtcPrefixBeamSearch beam(TokenSet t, int width, double prune) {
    return new CtcPrefixBeamSearch(t, Frames.FRAME, new BeamSearchConfig(width, prune));
  }

  private static Hypothesis run(StreamingDecoder d, float[][] m) {
    d.accept(m);
    return d.current();
  }

  @Test
  void selectingTheBestEntriesEqualsAStableFullSort() {
    java.util.Random r = new java.util.Random(20);
    for (int round = 0; round < 2000; round++) {
      int m = r.nextInt(300);
      java.util.List<BeamEntry> all = new java.util.ArrayList<>();
      for (int i = 0; i < m; i++) {
        BeamEntry e = new BeamEntry(PrefixNode.root());
        e.score = r.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : r.nextInt(20); // many ties
        e.order = i;
        all.add(e);
      }
      int k = 1 + r.nextInt(70);
      java.util.List<BeamEntry> sorted = new java.util.ArrayList<>(all);
      sorted.sort((a, b) -> Double.compare(b.score, a.score)); // stable: ties keep creation order
      java.util.List<BeamEntry> expected = sorted.subList(0, Math.min(k, m));
      assertEquals(expected, CtcPrefixBeamSearch.best(all, k), "round " + round + ", " + m + " entries, k " + k);
    }
  }

  @Test
  void configIsValidatedWithKeyAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BeamSearchConfig(0, 10));
    assertEquals("beam.width = 0: must be >= 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BeamSearchConfig(4, 0));
    assertEquals("beam.prune_threshold = 0.0: must be > 0 (Infinity disables pruning)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BeamSearchConfig(4, Double.NaN));
    assertEquals("beam.prune_threshold = NaN: must be > 0 (Infinity disables pruning)", e.getMessage());
    assertEquals(new BeamSearchConfig(10, 10.0), BeamSearchConfig.defaults());
    assertEquals(new BeamSearchConfig(3, Double.POSITIVE_INFINITY),
        BeamSearchConfig.defaults().withBeamWidth(3).withPruneThreshold(Double.POSITIVE_INFINITY));
  }

  /**
   * Two frames, each blank 0.6 / "a" 0.4: the best path is blank-blank (0.36) so greedy says "", but
   * "a" has the paths aa + a_ + _a = 0.16 + 0.24 + 0.24 = 0.64.
   */
  @Test
  void beamFindsTheLabelingGreedyMisses() {
    float[] row = Frames.fromProbs(0.6, 1e-6, 0.4 - 1e-6);
    float[][] m = {row, row};
    TokenSet t = new TokenSet(List.of("<blk>", " ", "a"));
    assertEquals("", run(new CtcGreedyDecoder(t, Frames.FRAME), m).text());
    Hypothesis best = run(beam(t, 2, 10), m);
    assertEquals("a", best.text());
    assertEquals(Math.log(0.64), best.logScore(), 1e-5);
    assertEquals(CtcForward.logProb(m, new int[] {2}), best.logScore(), 1e-6);
    assertTrue(CtcForward.logProb(m, new int[] {2}) > CtcForward.logProb(m, new int[0]));
    // Timing follows the most probable contribution: "a" emitted at frame 0, not extended on frame 1
    // (whose arg-max is blank); confidence is p(a) at frame 0.
    assertEquals(List.of(new Word("a", 0, 0.04, Math.exp(row[2]))), best.words());
  }

  @Test
  void sameExampleOnTheEnglishSet() {
    float[] row = new float[29];
    Arrays.fill(row, (float) Math.log(1e-4 / 27));
    row[0] = (float) Math.log(0.6);
    row[EN.indexOf("a")] = (float) Math.log(0.4 - 1e-4);
    float[][] m = {row, row};
    assertEquals("", run(new CtcGreedyDecoder(EN, Frames.FRAME), m).text());
    assertEquals("a", run(beam(EN, 4, 10), m).text());
  }

  @Test
  void repeatedCharacterNeedsABlankInBetween() {
    assertEquals("a", run(beam(EN, 8, 10), Frames.rows(29, 0.95, ids("aaa"))).text());
    assertEquals("aa", run(beam(EN, 8, 10), Frames.rows(29, 0.95, ids("a", 0, "a"))).text());
    assertEquals("hello", run(beam(EN, 8, 10), Frames.rows(29, 0.9, ids("hhe", 0, "ll", 0, "lo", 0))).text());
  }

  /**
   * With an unbounded beam and no pruning the search is exact: on 6 frames over 4 tokens, its best
   * labeling and every prefix's score match brute-force enumeration of all 4^6 paths (and the
   * forward algorithm, checking the test's reference as well).
   */
  @Test
  void unboundedBeamMatchesExhaustiveEnumeration() {
    Random r = new Random(5);
    for (int trial = 0; trial < 6; trial++) {
      float[][] m = Frames.random(r, 6, 4, trial < 3 ? 1.0 : 2.5);
      Map<String, Double> exact = enumerate(m);
      String bestLabel = null;
      for (Map.Entry<String, Double> e : exact.entrySet()) {
        if (bestLabel == null || e.getValue() > exact.get(bestLabel)) {
          bestLabel = e.getKey();
        }
      }
      CtcPrefixBeamSearch d = beam(AB, 100_000, Double.POSITIVE_INFINITY);
      d.accept(m);
      assertEquals(bestLabel, Arrays.toString(d.current().tokens()), "trial " + trial);
      List<Hypothesis> all = d.nBest();
      assertEquals(exact.size(), all.size(), "every labeling of nonzero probability is in the beam");
      for (Hypothesis h : all) {
        String key = Arrays.toString(h.tokens());
        Double p = exact.get(key);
        assertNotNull(p, key);
        assertEquals(p, h.logScore(), 1e-9, key);
        assertEquals(p, CtcForward.logProb(m, h.tokens()), 1e-9, key);
      }
    }
  }

  @Test
  void widthOneGivesGreedyTextAndTimingsOnPeakedFrames() {
    Random r = new Random(17);
    for (int trial = 0; trial < 60; trial++) {
      float[][] m = Frames.peaked(r, 60, 29, 0.8);
      Hypothesis greedy = run(new CtcGreedyDecoder(EN, Frames.FRAME), m);
      Hypothesis one = run(beam(EN, 1, 10), m);
      assertEquals(greedy.text(), one.text(), "trial " + trial);
      assertArrayEquals(greedy.tokens(), one.tokens(), "trial " + trial);
      assertEquals(greedy.words(), one.words(), "trial " + trial);
    }
  }

  /** The beam's labeling is at least as probable (full CTC probability) as greedy's. */
  @Test
  void beamLabelingIsAtLeastAsProbableAsGreedys() {
    Random r = new Random(23);
    int strictlyBetter = 0;
    for (int trial = 0; trial < 40; trial++) {
      float[][] m = trial % 2 == 0 ? Frames.peaked(r, 50, 29, 0.35) : Frames.random(r, 50, 29, 2.0);
      Hypothesis greedy = run(new CtcGreedyDecoder(EN, Frames.FRAME), m);
      Hypothesis best = run(beam(EN, 8, 10), m);
      double pGreedy = CtcForward.logProb(m, greedy.tokens());
      double pBeam = CtcForward.logProb(m, best.tokens());
      assertTrue(pBeam >= pGreedy - 1e-9, "trial " + trial + ": beam " + pBeam + " < greedy " + pGreedy);
      // The beam's score sums a subset of its labeling's paths.
      assertTrue(best.logScore() <= pBeam + 1e-6, "trial " + trial + ": score above the forward probability");
      if (pBeam > pGreedy + 1e-6) {
        strictlyBetter++;
      }
    }
    assertTrue(strictlyBetter > 0, "on these inputs the beam should beat greedy at least once");
  }

  @Test
  void anySplitGivesTheSameResultAsOneCall() {
    Random r = new Random(29);
    for (int trial = 0; trial < 20; trial++) {
      float[][] m = trial % 2 == 0 ? Frames.peaked(r, 70, 29, 0.4) : Frames.random(r, 70, 29, 2.0);
      CtcPrefixBeamSearch whole = beam(EN, 5, 8);
      whole.accept(m);
      CtcPrefixBeamSearch split = beam(EN, 5, 8);
      Frames.feedInRandomSplits(m, r, 1 + trial % 7, split::accept);
      assertEquals(whole.current(), split.current(), "trial " + trial);
      assertEquals(whole.nBest(), split.nBest(), "trial " + trial);
      assertEquals(70, split.frames());
    }
  }

  @Test
  void pruningKeepsFarBelowBestTokensFromStartingAPrefix() {
    // One frame: blank 0.7, a 0.3 - tiny, space tiny, b = e^-12 * 0.7 (12 nats below the best).
    double pb = 0.7 * Math.exp(-12);
    float[][] m = {Frames.fromProbs(0.7, 1e-9, 0.3 - pb - 1e-9, pb)};
    CtcPrefixBeamSearch pruned = beam(AB, 10, 10);
    pruned.accept(m);
    assertEquals(List.of("[]", "[2]"), pruned.nBest().stream().map(h -> Arrays.toString(h.tokens())).toList());
    CtcPrefixBeamSearch full = beam(AB, 10, Double.POSITIVE_INFINITY);
    full.accept(m);
    assertEquals(List.of("[]", "[2]", "[3]", "[1]"),
        full.nBest().stream().map(h -> Arrays.toString(h.tokens())).toList());
  }

  @Test
  void theBudgetNarrowsThePruningInProportion() {
    // One frame: blank 0.7, a 0.3, b 7 nats below the best: within 10 nats at β = 1, outside 10 × 0.5.
    double pb = 0.7 * Math.exp(-7);
    float[][] m = {Frames.fromProbs(0.7, 1e-9, 0.3 - pb - 1e-9, pb)};
    CtcPrefixBeamSearch full = beam(AB, 10, 10);
    full.setBudget(1);
    full.accept(m);
    assertEquals(List.of("[]", "[2]", "[3]"), full.nBest().stream().map(h -> Arrays.toString(h.tokens())).toList());
    CtcPrefixBeamSearch half = beam(AB, 10, 10);
    half.setBudget(0.5);
    half.accept(m);
    assertEquals(List.of("[]", "[2]"), half.nBest().stream().map(h -> Arrays.toString(h.tokens())).toList());
    half.setBudget(1); // the next frames widen again
    half.accept(m);
    assertTrue(half.nBest().stream().anyMatch(h -> Arrays.toString(h.tokens()).equals("[3]")), "β back to 1");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> full.setBudget(0));
    assertTrue(bad.getMessage().contains("budget = 0"), bad.getMessage());
  }

  @Test
  void wordTimingsByHand() {
    // _ c c a t _ ␣ ␣ o n n _   (p = 0.9 everywhere), segment at 4.0 s
    int[] tok = ids(0, "ccat", 0, "  ", "onn", 0);
    float[][] m = Frames.rows(29, 0.9, tok);
    CtcPrefixBeamSearch d = beam(EN, 6, 10);
    d.reset(4.0);
    d.accept(m);
    Hypothesis h = d.current();
    assertEquals("cat on", h.text());
    double conf = Math.exp(m[1][tok[1]]); // every token has log(0.9) on each of its frames
    assertEquals(List.of(new Word("cat", 4.0 + 1 * 0.04, 4.0 + 5 * 0.04, conf),
        new Word("on", 4.0 + 8 * 0.04, 4.0 + 11 * 0.04, conf)), h.words());
    assertEquals(0.9, conf, 1e-6);
  }

  @Test
  void resetForgetsThePreviousSegment() {
    CtcPrefixBeamSearch d = beam(EN, 4, 10);
    d.accept(Frames.rows(29, 0.9, ids("xyz")));
    d.reset(1.0);
    assertEquals(Hypothesis.empty(), d.current());
    assertEquals(0, d.frames());
    d.accept(Frames.rows(29, 0.9, ids("ok")));
    Hypothesis h = d.current();
    assertEquals("ok", h.text());
    assertEquals(1.0, h.words().get(0).start(), 1e-12);
    assertEquals(1.0 + 2 * 0.04, h.words().get(0).end(), 1e-12);
  }

  @Test
  void rejectsRowsOfTheWrongSize() {
    CtcPrefixBeamSearch d = beam(EN, 4, 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.accept(new float[][] {
        new float[28]}));
    assertEquals("logProbs[0] has 28 entries, expected 29 (the token set size)", e.getMessage());
  }

  /** log P(labeling) for every labeling, by summing over all vocab^frames paths. */
  private static Map<String, Double> enumerate(float[][] m) {
    int frames = m.length;
    int vocab = m[0].length;
    Map<String, Double> out = new HashMap<>();
    int[] path = new int[frames];
    int total = (int) Math.pow(vocab, frames);
    for (int code = 0; code < total; code++) {
      int c = code;
      double lp = 0;
      for (int t = 0; t < frames; t++) {
        path[t] = c % vocab;
        c /= vocab;
        lp += m[t][path[t]];
      }
      out.merge(Arrays.toString(CtcForward.collapse(path)), lp, CtcForward::lse);
    }
    return out;
  }

  /**
   * Frames spell t-h-(a or e): the acoustics slightly prefer "a" (0.55 vs 0.45), a bigram LM says "e"
   * follows "h" nine times out of ten. Without the LM the beam says "tha"; with weight 1 it says "the";
   * the LM state is kept per prefix, so the same frames after a reset decode the same way.
   */
  @Test
  void languageModelFusionFixesASpellingTheAcousticsGetWrong() {
    int t = EN.indexOf("t");
    int h = EN.indexOf("h");
    int a = EN.indexOf("a");
    int e = EN.indexOf("e");
    // Bigram LM in back-off form: P(e|h) = 0.9, P(a|h) = 0.1 (stored); everything else backs off to
    // unigrams of probability 1/28 with back-off weight 1.
    java.util.List<Long> keys = new java.util.ArrayList<>();
    java.util.List<Float> logp = new java.util.ArrayList<>();
    for (int c = 1; c < EN.size(); c++) {
      keys.add(CharNgramLm.key(c));
      logp.add((float) Math.log(1.0 / 28));
    }
    keys.add(CharNgramLm.key(h, e));
    logp.add((float) Math.log(0.9));
    keys.add(CharNgramLm.key(h, a));
    logp.add((float) Math.log(0.1));
    long[] k = keys.stream().mapToLong(Long::longValue).toArray();
    float[] p = new float[logp.size()];
    for (int i = 0; i < p.length; i++) p[i] = logp.get(i);
    CharNgramLm lm = new CharNgramLm(2, EN.size(), k, p, new long[0], new float[0]);
    assertEquals(Math.log(0.9), lm.score(lm.next(lm.start(), h), e), 1e-6);

    float[] last = new float[29];
    Arrays.fill(last, (float) Math.log(1e-4 / 26));
    last[a] = (float) Math.log(0.55 - 1e-4);
    last[e] = (float) Math.log(0.45);
    float[][] m = {Frames.row(29, t, 0.99), Frames.row(29, 0, 0.99), Frames.row(29, h, 0.99), Frames.row(29, 0, 0.99),
        last};
    BeamSearchConfig cfg = new BeamSearchConfig(8, 10);
    assertEquals("tha", run(new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg, lm), m).text(), "weight 0 ignores the LM");
    CtcPrefixBeamSearch fused = new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg.withLanguageModel(1.0, 0), lm);
    assertEquals("the", run(fused, m).text());
    fused.reset(1.0);
    assertEquals("the", run(fused, m).text());
    assertEquals(1.0 + 5 * Frames.FRAME, fused.current().words().get(0).end(), 1e-9);
    var bad = assertThrows(IllegalArgumentException.class, () -> cfg.withLanguageModel(-1, 0));
    assertEquals("beam.lm_weight = -1.0: must be in [0, 10]", bad.getMessage());
    var wrongVocab = new TokenSet(List.of("<blk>", " ", "a"));
    bad = assertThrows(IllegalArgumentException.class, () -> new CtcPrefixBeamSearch(wrongVocab, Frames.FRAME, cfg, lm));
    assertEquals("lm.vocab = 29: must equal the model's 3 tokens", bad.getMessage());
  }

  /**
   * Frames spell c-(a or u)-t then a space then c-(a or u)-t: the acoustics prefer "u" (0.6 vs 0.4)
   * both times. With a lexicon of {"cat"} and a penalty of 1 per unknown word, "cut" (two unknown
   * words, −2) loses to "cat" (log 0.4 − log 0.6 ≈ −0.41 per word); a penalty of 0 ignores the lexicon,
   * and a word that is only a prefix of a known word ("ca") is charged at the space.
   */
  @Test
  void lexiconPenaltyPrefersKnownWords() {
    int c = EN.indexOf("c");
    int a = EN.indexOf("a");
    int u = EN.indexOf("u");
    int t = EN.indexOf("t");
    float[] vowel = new float[29];
    Arrays.fill(vowel, (float) Math.log(1e-4 / 27));
    vowel[u] = (float) Math.log(0.6 - 1e-4);
    vowel[a] = (float) Math.log(0.4);
    float[][] word = {Frames.row(29, c, 0.99), vowel, Frames.row(29, t, 0.99)};
    float[][] m = new float[7][];
    System.arraycopy(word, 0, m, 0, 3);
    m[3] = Frames.row(29, EN.space(), 0.99);
    System.arraycopy(word, 0, m, 4, 3);
    Lexicon lex = Lexicon.ofText(EN, List.of("cat"));
    BeamSearchConfig cfg = new BeamSearchConfig(8, 10);
    assertEquals("cut cut", run(new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg, null, lex), m).text(),
        "penalty 0 ignores the lexicon");
    CtcPrefixBeamSearch withLex = new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg.withOovPenalty(1), null, lex);
    assertEquals("cat cat", run(withLex, m).text());
    assertEquals("cut cut", run(new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg.withOovPenalty(0.2), null, lex), m).text(),
        "a small penalty does not outweigh the acoustics");
    // "ca" then a space: a prefix of "cat" but not a word, so it is charged at the space.
    float[][] prefixThenSpace = {Frames.row(29, c, 0.99), Frames.row(29, a, 0.99), Frames.row(29, EN.space(), 0.99)};
    CtcPrefixBeamSearch p = new CtcPrefixBeamSearch(EN, Frames.FRAME, cfg.withOovPenalty(3), null, lex);
    assertEquals("ca", run(p, prefixThenSpace).text());
    assertEquals(CtcForward.logProb(prefixThenSpace, new int[] {c, a, EN.space()}), p.current().logScore(), 1e-4,
        "the penalty ranks prefixes but is not part of the reported acoustic score");
    var bad = assertThrows(IllegalArgumentException.class, () -> cfg.withOovPenalty(-1));
    assertEquals("beam.oov_penalty = -1.0: must be in [0, 50]", bad.getMessage());
    var wrongVocab = new TokenSet(List.of("<blk>", " ", "a"));
    bad = assertThrows(IllegalArgumentException.class,
        () -> new CtcPrefixBeamSearch(wrongVocab, Frames.FRAME, cfg, null, lex));
    assertEquals("lexicon.vocab = 29: must equal the model's 3 tokens", bad.getMessage());
  }
}
