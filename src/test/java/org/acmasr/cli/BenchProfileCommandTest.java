package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.acmasr.audio.Resampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchProfileCommandTest {
  @TempDir
  Path dir;

  /** A recording of a thread that only resamples: the table puts nearly all its samples there. */
  @Test
  void namesTheComponentAThreadSpendsItsTimeIn() throws Exception {
    Path jfr = dir.resolve("busy.jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
      r.start();
      Thread busy = new Thread(() -> {
        float[] x = new float[44_100 * 5];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.01);
        long end = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < end) Resampler.resample(x, 44_100, 16_000);
      }, "busy-resampler");
      busy.start();
      busy.join();
      r.stop();
      r.dump(jfr);
    }
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

  @Test
  void refusesWhatIsNotARecording() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.jfr"), "not a flight recording");
    FeaturesCommandTest.run("bench", "profile", junk.toString()).assertRefused(junk + ": not a readable JFR recording");
    FeaturesCommandTest.run("bench", "profile", dir.resolve("none.jfr").toString())
        .assertRefused(dir.resolve("none.jfr") + ": no such file");
  }
}
