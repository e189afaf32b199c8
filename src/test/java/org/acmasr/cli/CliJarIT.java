package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar the way a user does: {@code java -jar target/acm-asr.jar ...}. */
class CliJarIT {
  @TempDir
  Path dir;

  record Run(int code, String out) {}

  static Run jar(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("acm.jar", "target/acm-asr.jar")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jar did not exit");
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void featuresOnMp3FlacAndWav() throws Exception {
    Path flac = dir.resolve("ref.flac");
    try (var in = getClass().getResourceAsStream("/fixtures/cathy_16k_reference.flac")) {
      Files.copy(in, flac);
    }
    Run mp3 = jar("features", "samples/cathy_arctic_a0001.mp3", "--png", dir.resolve("s.png").toString());
    assertEquals(0, mp3.code(), mp3.out());
    assertTrue(mp3.out().contains("cathy_arctic_a0001.mp3: 48000 Hz, 1 channel(s), 3.3"), mp3.out());
    assertTrue(Files.size(dir.resolve("s.png")) > 1000);
    Run f = jar("features", flac.toString(), "--out", dir.resolve("f.npy").toString());
    assertEquals(0, f.code(), f.out());
    assertTrue(f.out().contains("16000 Hz, 1 channel(s), 2.000 s -> 198 frames x 80 mel bins"), f.out());
    Run w = jar("features", "samples/cathy_arctic_a0001_16k.wav", "--out", dir.resolve("w.csv").toString());
    assertEquals(0, w.code(), w.out());
    assertTrue(w.out().contains("16000 Hz, 1 channel(s)"), w.out());
  }

  @Test
  void transcribeJsonWithATestBuiltModel() throws Exception {
    org.acmasr.model.ModelConfig cfg = org.acmasr.model.ModelFactory.defaultConfig();
    Path model = dir.resolve("random.acm");
    org.acmasr.model.ModelFile.write(model, org.acmasr.model.ModelFactory.budgetFollowingGates(
        org.acmasr.model.ModelFactory.random(cfg, 1)));
    Run t = jar("transcribe", "--model", model.toString(), "--budget", "0.5", "--json", "samples/cathy_arctic_a0001.mp3");
    assertEquals(0, t.code(), t.out());
    String json = t.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
    com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertTrue(j.get("words").size() > 0, json);
    assertEquals(0.5, j.get("compute").get("budget").asDouble());
    // k = 2 of 4 learners everywhere plus gates, d = 144: FFN learner 2·144·144 = 41472 MACs, o learner
    // 2·144·18 = 5184, q/k/v learner 144·27 + 27·432 = 15552; gates 2656 (FFN) + 2 × 2640 (projections).
    double expected = (2.0 * (41472 + 5184 + 15552) + 2656 + 2 * 2640) / (4.0 * (41472 + 5184 + 15552));
    assertEquals(expected, j.get("compute").get("used").asDouble(), 1e-4);
    // The default model ships in the jar: no --model needed; it is the ACM student with its character LM.
    Run dflt = jar("transcribe", "--json", "samples/cathy_arctic_a0001.mp3");
    assertEquals(0, dflt.code(), dflt.out());
    com.fasterxml.jackson.databind.JsonNode d = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        dflt.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    assertTrue(d.get("words").size() >= 3, d.toString());
    assertTrue(d.get("model").asText().startsWith("acm-"), d.toString());
  }

  @Test
  void versionHelpAndBadInput() throws Exception {
    Run v = jar("--version");
    assertEquals(0, v.code(), v.out());
    assertTrue(v.out().startsWith("acm-asr 0."), v.out());
    Run h = jar("features", "--help");
    assertEquals(0, h.code());
    assertTrue(h.out().contains("--png"), h.out());
    Run k = jar("kafka", "submit", "--help");
    assertEquals(0, k.code(), k.out());
    assertTrue(k.out().contains("--chunk-bytes"), k.out());
    Run cfg = jar("kafka", "tail", "--bootstrap", "localhost:1", "--config", "missing.json");
    assertEquals(1, cfg.code(), cfg.out());
    assertTrue(cfg.out().contains("acm-asr tail: missing.json: no such file"), cfg.out());
    Path junk = dir.resolve("junk.mp3");
    Files.write(junk, "not audio at all".getBytes(StandardCharsets.US_ASCII));
    Run bad = jar("features", junk.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.out().contains("junk.mp3: unrecognised audio format"), bad.out());
  }
}
