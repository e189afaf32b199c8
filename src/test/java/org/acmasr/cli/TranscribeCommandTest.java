package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `transcribe` with a test-built model (until a trained model ships). */
class TranscribeCommandTest {
  @TempDir
  static Path dir;
  static Path model;

  @BeforeAll
  static void writeModel() throws Exception {
    ModelConfig cfg = new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
    model = dir.resolve("test.acm");
    ModelFile.write(model, ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 5)));
  }

  @Test
  void jsonHasWordsTimingsAndCompute() throws Exception {
    String clip = TestData.clip(TestData.CLIP_48K).toString();
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("transcribe", "--model", model.toString(), "--budget", "0.5",
        "--json", clip);
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(clip, j.get("file").asText());
    assertEquals("random-5", j.get("model").asText());
    assertTrue(j.get("duration").asDouble() > 3.3 && j.get("duration").asDouble() < 3.4);
    assertTrue(j.get("words").size() > 0);
    JsonNode w = j.get("words").get(0);
    assertTrue(w.has("word") && w.has("start") && w.has("end") && w.has("confidence"), w.toString());
    assertEquals(0.5, j.get("compute").get("budget").asDouble());
    assertEquals((2 * 1024 + 368) / 4096.0, j.get("compute").get("used").asDouble(), 1e-4);
    assertEquals(0.04, j.get("compute").get("frame_seconds").asDouble());
    assertEquals(83, j.get("compute").get("frames").size());
    assertTrue(j.get("x_real_time").asDouble() > 0);
  }

  @Test
  void plainTextAndBeam() {
    String clip = TestData.clip(TestData.CLIP_8K).toString();
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("transcribe", "-m", model.toString(), "--beam", "4", clip);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("compute used"), r.err());
  }

  /** The command line shares engine.max_audio_seconds (default 3600 s), settable per run. */
  @Test
  void audioOverTheDurationLimitIsRefused() {
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("transcribe", "-m", model.toString(), "--max-audio-seconds", "2",
        "samples/cathy_arctic_a0001_16k.wav");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("cathy_arctic_a0001_16k.wav: WAV: audio lasts 3.3 s, more than the limit of 2 s"), r.err());
  }

  @Test
  void badBudgetAndMissingModel() {
    String clip = TestData.clip(TestData.CLIP_8K).toString();
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("transcribe", "-m", model.toString(), "--budget", "0", clip);
    assertEquals(1, r.code());
    assertEquals("acm-asr transcribe: budget = 0.0: must be in (0, 1]", r.err().trim());
    FeaturesCommandTest.Result m = FeaturesCommandTest.run("transcribe", "-m", dir.resolve("none.acm").toString(), clip);
    assertEquals(1, m.code());
    assertEquals("acm-asr transcribe: --model " + dir.resolve("none.acm") + ": no such file", m.err().trim());
  }

  @Test
  void benchModelPrintsATable() {
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("bench", "model", "--streams", "2", "--budgets", "1,0.5",
        "--seconds", "0.05");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| 2 | 0.50 | 0.5"), r.out());
  }
}
