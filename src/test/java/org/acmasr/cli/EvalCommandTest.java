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

  @Test
  void jsonSummaryReportsAndHeatmaps() throws Exception {
    ModelConfig cfg = new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
    Path model = dir.resolve("m.acm");
    ModelFile.write(model, ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 2)));
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
}
