package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  @TempDir
  Path dir;

  /** A small random gated model whose gates follow the budget, written to m.acm. */
  private Path randomModel() throws Exception {
    ModelConfig cfg = new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
    Path model = dir.resolve("m.acm");
    ModelFile.write(model, ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 2)));
    return model;
  }

  @Test
  void jsonSummaryReportsAndHeatmaps() throws Exception {
    Path model = randomModel();
    Path tsv = dir.resolve("mini.tsv");
    Path clips = dir.resolve("clips");
    Files.createDirectories(clips);
    for (String c : List.of(TestData.CLIP_8K, TestData.CLIP_22K)) Files.copy(TestData.clip(c), clips.resolve(c));
    Files.write(tsv, List.of("path\tsentence", TestData.CLIP_8K + "\tActivated.", TestData.CLIP_22K + "\tPrinting, in 1884.",
        "missing.mp3\tgone"));
    Path out = dir.resolve("report");
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("eval", "--model", model.toString(), "--data", tsv.toString(),
        "--budgets", "1,0.5", "--out", out.toString(), "--json", "--heatmaps", "1");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("random-2", j.get("model").asText());
    assertEquals(2, j.get("utterances").asInt());
    assertEquals(2, j.get("results").size());
    JsonNode half = j.get("results").get(1);
    assertEquals(0.5, half.get("budget").asDouble());
    for (String k : List.of("wer", "cer", "compute", "rtf")) assertTrue(half.has(k), k);
    assertTrue(half.get("wer").asDouble() >= 0.9, "a random model gets (almost) every word wrong");
    assertEquals((2 * 1024 + 368) / 4096.0, half.get("compute").asDouble(), 1e-3);
    assertTrue(r.err().contains("clip file missing: 1"), r.err());
    for (String f : List.of("eval.md", "eval.json", "hypotheses.tsv", "wer_vs_compute.svg")) {
      assertTrue(Files.size(out.resolve(f)) > 50, f);
    }
    assertTrue(Files.readString(out.resolve("wer_vs_compute.svg")).contains("β=0.50"));
    assertTrue(Files.readString(out.resolve("hypotheses.tsv")).contains("printing in eighteen eighty four"));
    BufferedImage png = ImageIO.read(out.resolve("heatmaps").resolve(TestData.CLIP_8K.replace(".mp3", ".png")).toFile());
    assertEquals(1000, png.getWidth());
  }

  @Test
  void severalCorporaAreScoredEachOnItsOwnSplitWithAReportPerCorpus() throws Exception {
    Path model = randomModel();
    List<String> names = List.of("corpus-one", "corpus-two");
    List<String> clipsOf = List.of(TestData.CLIP_8K, TestData.CLIP_22K);
    for (int i = 0; i < 2; i++) {
      Path c = dir.resolve(names.get(i));
      Files.createDirectories(c.resolve("clips"));
      Files.copy(TestData.clip(clipsOf.get(i)), c.resolve("clips").resolve(clipsOf.get(i)));
      Files.write(c.resolve("test.tsv"), List.of("path\tsentence", clipsOf.get(i) + "\tsome words"));
    }
    Path out = dir.resolve("multi");
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("eval", "--model", model.toString(), "--data",
        dir.resolve("corpus-one").toString(), "--data", dir.resolve("corpus-two").toString(), "--budgets", "1",
        "--out", out.toString(), "--json", "--heatmaps", "0");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(names, iterate(j.fieldNames()));
    for (int i = 0; i < 2; i++) {
      JsonNode c = j.get(names.get(i));
      assertEquals(1, c.get("utterances").asInt());
      String source = clipsOf.get(i).substring(0, clipsOf.get(i).indexOf('_'));
      assertEquals(List.of(source), iterate(c.get("results").get(0).get("sources").fieldNames()));
      assertTrue(Files.readString(out.resolve(names.get(i)).resolve("hypotheses.tsv")).contains(clipsOf.get(i)));
    }
    String md = Files.readString(out.resolve("eval.md"));
    assertTrue(md.contains("## corpus-one (test)") && md.contains("## corpus-two (test)"), md);
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> l = new java.util.ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }
}
