package org.acmasr.train.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acmasr.decode.CharNgramLm;
import org.acmasr.decode.Lexicon;
import org.acmasr.decode.TokenSet;
import org.acmasr.engine.LanguageModelTensors;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.model.ModelFormatException;
import org.acmasr.model.Tensor;
import org.acmasr.model.TensorLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KneserNeyBuilderTest {
  private static final TokenSet T = TokenSet.english();
  private static final String[] TEXT = {"the cat sat on the mat", "the dog sat on the log", "a cat and a dog",
      "that is the cat's hat", "the quick brown fox jumps over the lazy dog"};

  private static CharNgramLm build(int order) {
    KneserNeyBuilder b = new KneserNeyBuilder(order, T);
    for (String s : TEXT) b.addSentence(s);
    return b.build();
  }

  private static int t(char c) {
    return T.indexOf(String.valueOf(c));
  }

  private static long state(CharNgramLm lm, String prefix) {
    long s = lm.start();
    for (char c : prefix.toCharArray()) s = lm.next(s, t(c));
    return s;
  }

  @Test
  void everyContextIsAProbabilityDistribution() {
    for (int order : new int[] {1, 2, 3, 5, 8}) {
      CharNgramLm lm = build(order);
      for (String prefix : new String[] {"", "t", "th", "the ", "the c", "zzq", "a dog sat on the"}) {
        long s = state(lm, prefix);
        double sum = 0;
        for (int c = 1; c < T.size(); c++) sum += Math.exp(lm.score(s, c));
        // tokens never seen in the text (j, v, ...) fall to a floor far below the smoothed mass
        assertEquals(1.0, sum, 0.02, "order " + order + " after '" + prefix + "'");
      }
    }
  }

  @Test
  void learnsSpellingFromContext() {
    CharNgramLm lm = build(5);
    long s = state(lm, "the ca");
    assertTrue(lm.score(s, t('t')) > lm.score(s, t('d')) + 1, "'the ca' continues with t, not d");
    assertTrue(lm.score(state(lm, ""), t('t')) > lm.score(state(lm, ""), t('x')), "sentences often start with t");
  }

  @Test
  void backoffMatchesTheInterpolatedFormulaForAHandCountedBigram() {
    KneserNeyBuilder b = new KneserNeyBuilder(2, T);
    b.addSentence("ab");
    b.addSentence("ab");
    b.addSentence("b");
    CharNgramLm lm = b.build();
    // Bigram adjusted counts (top order = raw): [S a]=2, [a b]=2, [S b]=1 -> n1 = 1, n2 = 2 -> D2 = 1/5.
    // Unigram continuation counts: a <- {S} = 1, b <- {a, S} = 2 -> n1 = 1, n2 = 1 -> D1 = 1/3; total 3.
    double d1 = 1.0 / 3;
    double d2 = 0.2;
    double uniform = 1.0 / (T.size() - 1);
    double pa = (1 - d1) / 3 + d1 * 2 / 3 * uniform;
    double pb = (2 - d1) / 3 + d1 * 2 / 3 * uniform;
    assertEquals(Math.log(pa), lm.score(CharNgramLm.key(), t('a')), 1e-5);
    // After "a": only b seen (count 2): P(b|a) = (2 - D2)/2 + D2 * 1/2 * P(b)
    long afterA = lm.next(lm.start(), t('a'));
    assertEquals(Math.log((2 - d2) / 2 + d2 * 0.5 * pb), lm.score(afterA, t('b')), 1e-5);
    // unseen continuation backs off: P(a|a) = gamma(a) * P(a)
    assertEquals(Math.log(d2 * 0.5 * pa), lm.score(afterA, t('a')), 1e-5);
  }

  @Test
  void roundTripsThroughAModelFile(@TempDir Path dir) throws Exception {
    CharNgramLm lm = build(6);
    ModelConfig cfg = org.acmasr.testutil.TestModels.tinyConfig();
    ModelData with = LanguageModelTensors.with(ModelFactory.random(cfg, 1), lm, Map.of("lm.source", "test"));
    Path f = dir.resolve("m.acm");
    ModelFile.write(f, with);
    ModelData back = ModelFile.read(f);
    CharNgramLm lm2 = LanguageModelTensors.read(back).orElseThrow();
    assertEquals(lm.size(), lm2.size());
    assertEquals("test", back.metadata().get("lm.source"));
    for (String prefix : new String[] {"", "the ", "a dog sa", "qqq"}) {
      for (int c = 1; c < T.size(); c++) {
        assertEquals(lm.score(state(lm, prefix), c), lm2.score(state(lm2, prefix), c), 0f);
      }
    }
    assertTrue(LanguageModelTensors.read(ModelFactory.random(cfg, 1)).isEmpty());
  }

  @Test
  void lexiconRoundTripsThroughAModelFile(@TempDir Path dir) throws Exception {
    ModelConfig cfg = org.acmasr.testutil.TestModels.tinyConfig();
    TokenSet tokens = new TokenSet(cfg.tokens());
    Lexicon lex = Lexicon.ofText(tokens, List.of("a dog sat", "the dog's bone"));
    Path f = dir.resolve("m.acm");
    ModelFile.write(f, LanguageModelTensors.withLexicon(ModelFactory.random(cfg, 1), lex));
    Lexicon back = LanguageModelTensors.readLexicon(ModelFile.read(f)).orElseThrow();
    assertEquals(lex.size(), back.size());
    for (int i = 0; i < lex.size(); i++) {
      assertArrayEquals(lex.words().get(i), back.words().get(i));
    }
    assertTrue(LanguageModelTensors.readLexicon(ModelFactory.random(cfg, 1)).isEmpty());
    assertTrue(LanguageModelTensors.readLexicon(LanguageModelTensors.withLexicon(ModelFile.read(f), null)).isEmpty(),
        "a null lexicon removes the one the model carried");
    var empty = assertThrows(IllegalArgumentException.class,
        () -> LanguageModelTensors.withLexicon(ModelFactory.random(cfg, 1), Lexicon.ofText(tokens, List.of(" "))));
    assertEquals("lexicon: no words to store", empty.getMessage());
    // A lexicon tensor holding something other than token indices is refused when the file is read.
    ModelData good = LanguageModelTensors.withLexicon(ModelFactory.random(cfg, 1), lex);
    var tensors = new LinkedHashMap<>(good.tensors());
    tensors.put(TensorLayout.LM_LEXICON, new Tensor(new long[] {1, 2}, new float[] {3f, 99f}));
    ModelFile.write(f, new ModelData(cfg, good.metadata(), tensors));
    var bad = assertThrows(ModelFormatException.class, () -> ModelFile.read(f));
    assertTrue(bad.getMessage().contains("lm.lexicon: value 99.0 is not a token index below"), bad.getMessage());
  }

  @Test
  void badSettingsAreNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> new KneserNeyBuilder(0, T));
    assertEquals("lm.order = 0: must be in [1, 12]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CharNgramLm(3, 29, new long[] {CharNgramLm.key(1, 2)}, new float[] {0.5f}, new long[0], new float[0]));
    assertTrue(e.getMessage().startsWith("lm.ngram[0].logp = 0.5"), e.getMessage());
  }
}
