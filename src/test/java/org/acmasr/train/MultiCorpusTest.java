package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.acmasr.decode.TokenSet;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several corpora in one run, per-corpus reports, and the two ways of using speed-perturbed audio. */
class MultiCorpusTest {
  @TempDir
  Path dir;

  /** A corpus folder named {@code name} holding the first {@code n} en-real train clips of {@code source}. */
  private Path corpus(String name, String source, int n) throws Exception {
    return TestData.smallCorpus(dir.resolve(name), source, n);
  }

  private CorpusLoader loader(ModelConfig cfg) throws Exception {
    return new CorpusLoader(dir.resolve("cache"), cfg.fbank(), new TokenSet(cfg.tokens()), 2,
        new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void loadsSeveralCorporaWithTheirNamesSourcesAndSpeeds() throws Exception {
    Path a = corpus("corpus-a", "asterisk", 2);
    Path b = corpus("corpus-b", "cathy", 3);
    ModelConfig cfg = ModelFactory.defaultConfig();
    List<Utterance> all = loader(cfg).load(List.of(a, b), "train", 0.9, 1.1);
    assertEquals(5, all.size());
    assertEquals(List.of("corpus-a", "corpus-a", "corpus-b", "corpus-b", "corpus-b"),
        all.stream().map(Utterance::corpus).toList());
    assertEquals("asterisk", all.get(0).source());
    assertEquals("cathy", all.get(4).source());
    for (Utterance u : all) {
      assertEquals(3, u.variants().size());
      int t1 = u.variants().get(0).frames();
      // Audio played 0.9 times as fast lasts 1/0.9 as long: more frames; 1.1: fewer.
      assertTrue(u.variants().get(1).frames() > t1 && u.variants().get(2).frames() < t1, u.id());
      assertEquals(t1, u.fbank().length, "frames() is the loaded length");
      assertEquals(u.variants().get(1).frames(), u.variants().get(1).load().length);
    }
  }

  @Test
  void aClipInTwoCorporaIsRefusedByName() throws Exception {
    Path a = corpus("corpus-a", "asterisk", 2);
    Path b = dir.resolve("copy");
    Files.createDirectories(b.resolve("clips"));
    try (var s = Files.list(a.resolve("clips"))) {
      for (Path p : s.toList()) Files.copy(p, b.resolve("clips").resolve(p.getFileName()));
    }
    Files.copy(a.resolve("train.tsv"), b.resolve("train.tsv"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loader(ModelFactory.defaultConfig()).load(List.of(a, b), "train"));
    assertTrue(e.getMessage().contains("--data") && e.getMessage().contains("asterisk_"), e.getMessage());
  }

  private static Utterance fake(String id, int... frames10) {
    List<FeatureSource> v = new ArrayList<>();
    for (int t : frames10) v.add(FeatureSource.of(new float[t][80]));
    return new Utterance(id, "c", new int[] {2}, "a", v);
  }

  @Test
  void randomModeDrawsOneSpeedPerUtteranceAndEpochReproducibly() throws Exception {
    AcmModel m = AcmModel.of(ModelFactory.random(ModelFactory.defaultConfig(), 1));
    List<Utterance> utts = new ArrayList<>();
    for (int i = 0; i < 60; i++) utts.add(fake("u" + i, 400, 440, 364));
    List<CtcTrainer.Example> ex = CtcTrainer.prepare(m, utts);
    assertEquals(60, ex.size());
    assertArrayEquals(new int[] {100, 110, 91}, ex.get(0).frames());

    List<CtcTrainer.Item> copies = CtcTrainer.epochItems(ex, SpeedMode.COPIES, 17, 0);
    assertEquals(180, copies.size(), "copies: every speed of every utterance");

    List<CtcTrainer.Item> e0 = CtcTrainer.epochItems(ex, SpeedMode.RANDOM, 17, 0);
    assertEquals(60, e0.size(), "random: one entry per utterance");
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      CtcTrainer.Item it = e0.get(i);
      assertEquals(ex.get(i), it.example());
      assertEquals(ex.get(i).frames()[it.variant()], it.frames());
      seen.add(it.variant());
    }
    assertEquals(Set.of(0, 1, 2), seen, "all three speeds are drawn");
    assertEquals(variants(e0), variants(CtcTrainer.epochItems(ex, SpeedMode.RANDOM, 17, 0)), "same seed and epoch");
    assertNotEquals(variants(e0), variants(CtcTrainer.epochItems(ex, SpeedMode.RANDOM, 17, 1)), "next epoch");
  }

  private static List<Integer> variants(List<CtcTrainer.Item> items) {
    return items.stream().map(CtcTrainer.Item::variant).toList();
  }

  @Test
  void anUtteranceTooShortAtSomeSpeedIsDropped() throws Exception {
    AcmModel m = AcmModel.of(ModelFactory.random(ModelFactory.defaultConfig(), 1));
    Utterance u = new Utterance("x_1", "c", new int[] {2, 3, 4, 5}, "abcd",
        List.of(FeatureSource.of(new float[20][80]), FeatureSource.of(new float[12][80])));
    assertEquals(0, CtcTrainer.prepare(m, List.of(u)).size(), "3 frames at the faster speed cannot hold 4 labels");
  }

  @Test
  void devScoreReportsPooledPerCorpusAndPerSource() {
    DevScore s = new DevScore();
    s.add(Utterance.of("cathy_1", "en-real", new float[1][80], new int[] {2}, "a b"), "a b");
    s.add(Utterance.of("libri_1", "en-wide", new float[1][80], new int[] {2}, "a b c d"), "a x c");
    assertEquals(2.0 / 6, s.wer(), 1e-12);
    // "a b c d" → "a x c": 3 character edits (b → x, " d" deleted) in 7.
    assertEquals("en-real 0.0 % (CER 0.0 %; cathy 0.0), en-wide 50.0 % (CER 42.9 %; libri 50.0)", s.describe());
  }

  @Test
  void speedModeNamesAreChecked() {
    assertEquals(SpeedMode.RANDOM, SpeedMode.parse("random"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpeedMode.parse("triple"));
    assertTrue(e.getMessage().contains("--speed-mode triple"));
  }
}
