package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.acmasr.audio.Resampler;
import org.acmasr.budget.Budget;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchProfileCommandTest {
  @TempDir
  Path dir;

  /** A recording of a thread that only resamples: the table puts nearly all its samples there. */
  @Test
  void namesTheComponentAThreadSpendsItsTimeIn() throws Exception {
    float[] x = new float[44_100 * 5];
    for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.01);
    Path jfr = record("busy.jfr", "busy-resampler", 1.5, () -> Resampler.resample(x, 44_100, 16_000));
    FeaturesCommandTest.Result res = FeaturesCommandTest.run("bench", "profile", jfr.toString());
    assertEquals(0, res.code(), res.err());
    assertTrue(res.out().contains("native ones weighted x2.0"), res.out());
    Matcher row = Pattern.compile("\\| audio: Resampler \\| ([0-9.]+) % \\|").matcher(res.out());
    assertTrue(row.find(), res.out());
    assertTrue(Double.parseDouble(row.group(1)) > 50, res.out());
    Matcher thread = Pattern.compile("\\| busy-resampler \\| [0-9.]+ % \\| audio: Resampler ([0-9]+) %").matcher(res.out());
    assertTrue(thread.find(), res.out());
    assertTrue(Integer.parseInt(thread.group(1)) >= 90, res.out());
  }

  /**
   * A thread that only runs the encoder (random default-size model, budget 0.5): its samples are split
   * into the encoder's parts, and the parts that cost the most (learners, attention) are among them.
   */
  @Test
  void splitsTheEncoderIntoItsParts() throws Exception {
    AcmModel model = AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(ModelFactory.defaultConfig(), 3)));
    float[][] frames = new float[200][model.config().inputDim()];
    java.util.Random rnd = new java.util.Random(1);
    for (float[] f : frames) for (int i = 0; i < f.length; i++) f[i] = (float) rnd.nextGaussian();
    Path jfr = record("encoder.jfr", "busy-encoder", 2, () -> model.forwardFull(frames, Budget.fixed(0.5f)));
    FeaturesCommandTest.Result res = FeaturesCommandTest.run("bench", "profile", jfr.toString());
    assertEquals(0, res.code(), res.err());
    assertTrue(res.out().contains("| encoder: learners (FFN and projection ACMs) |"), res.out());
    assertTrue(res.out().contains("| encoder: attention |"), res.out());
    assertFalse(res.out().contains("| encoder |"), res.out());
    Matcher thread = Pattern.compile("\\| busy-encoder \\| [0-9.]+ % \\| encoder: ").matcher(res.out());
    assertTrue(thread.find(), res.out());
  }

  /** Serialisation called from project code counts as JSON, not as its caller. */
  @Test
  void namesJsonByTheLibraryNotItsCaller() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Map<String, Object> doc = new java.util.HashMap<>();
    for (int i = 0; i < 2000; i++) doc.put("word" + i, java.util.List.of(i, i * 0.04, "text " + i));
    Path jfr = record("json.jfr", "busy-json", 1.5, () -> {
      try {
        mapper.readTree(mapper.writeValueAsString(doc));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    FeaturesCommandTest.Result res = FeaturesCommandTest.run("bench", "profile", jfr.toString());
    assertEquals(0, res.code(), res.err());
    Matcher thread = Pattern.compile("\\| busy-json \\| [0-9.]+ % \\| JSON/protobuf ([0-9]+) %").matcher(res.out());
    assertTrue(thread.find(), res.out());
    assertTrue(Integer.parseInt(thread.group(1)) >= 60, res.out());
  }

  @Test
  void namesEachEncoderPart() {
    assertEquals("gates", JfrProfile.encoderPart("Gate", "org.acmasr.model.Gate.choose"));
    assertEquals("layer norms", JfrProfile.encoderPart("Nn", "org.acmasr.model.Nn.layerNorm"));
    assertEquals("learners (FFN and projection ACMs)",
        JfrProfile.encoderPart("TieredLearners", "org.acmasr.model.TieredLearners.run"));
    assertEquals("attention", JfrProfile.encoderPart("ChunkedAttention", "org.acmasr.model.ChunkedAttention.attend"));
    assertEquals("other (AcmModel)", JfrProfile.encoderPart("AcmModel", "org.acmasr.model.AcmModel.encode"));
  }

  /** A JFR recording (10 ms Java, 20 ms native samples) of a thread that repeats {@code work} for that long. */
  private Path record(String file, String thread, double seconds, Runnable work) throws Exception {
    Path jfr = dir.resolve(file);
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
      r.start();
      Thread busy = new Thread(() -> {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) work.run();
      }, thread);
      busy.start();
      busy.join();
      r.stop();
      r.dump(jfr);
    }
    return jfr;
  }

  @Test
  void refusesWhatIsNotARecording() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.jfr"), "not a flight recording");
    FeaturesCommandTest.run("bench", "profile", junk.toString()).assertRefused(junk + ": not a readable JFR recording");
    FeaturesCommandTest.run("bench", "profile", dir.resolve("none.jfr").toString())
        .assertRefused(dir.resolve("none.jfr") + ": no such file");
  }
}
