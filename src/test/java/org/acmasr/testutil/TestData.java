package org.acmasr.testutil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Locates the shared real-speech corpus (../shared/corpus/en-real beside the checkout). */
public final class TestData {
  private TestData() {}

  public static Path shared() {
    String p = System.getProperty("acm.shared", "../shared");
    return Path.of(p).toAbsolutePath().normalize();
  }

  public static Path corpus() {
    Path c = shared().resolve("corpus/en-real");
    assertTrue(Files.isDirectory(c.resolve("clips")), "corpus not found at " + c
        + " (set -Dacm.shared=DIR to the folder holding corpus/en-real)");
    return c;
  }

  public static Path clip(String name) {
    Path p = corpus().resolve("clips").resolve(name);
    assertTrue(Files.isRegularFile(p), "missing corpus clip " + p);
    return p;
  }

  /**
   * A corpus folder {@code target} (clips/ and train.tsv) holding the first {@code n} en-real train clips
   * whose names start with {@code source + "_"}.
   */
  public static Path smallCorpus(Path target, String source, int n) throws IOException {
    Files.createDirectories(target.resolve("clips"));
    List<String> lines = new ArrayList<>(List.of("client_id\tpath\tsentence"));
    for (String line : Files.readAllLines(corpus().resolve("train.tsv")).subList(1, 4020)) {
      String[] f = line.split("\t");
      if (!f[1].startsWith(source + "_") || lines.size() > n) continue;
      Files.copy(clip(f[1]), target.resolve("clips").resolve(f[1]));
      lines.add("x\t" + f[1] + "\t" + f[3]);
    }
    Files.write(target.resolve("train.tsv"), lines);
    return target;
  }

  /** A 48 kHz read-speech clip. */
  public static final String CLIP_48K = "cathy_arctic_a0001_1592748574.mp3";
  /** A 22.05 kHz audiobook clip. */
  public static final String CLIP_22K = "ljspeech_LJ001-0001.mp3";
  /** An 8 kHz telephony prompt. */
  public static final String CLIP_8K = "asterisk_activated.mp3";

  /** Durations in ms from clip_durations.tsv. */
  public static Map<String, Integer> durationsMs() {
    try {
      List<String> lines = Files.readAllLines(corpus().resolve("clip_durations.tsv"));
      Map<String, Integer> m = new HashMap<>();
      for (String l : lines.subList(1, lines.size())) {
        String[] f = l.split("\t");
        m.put(f[0], Integer.parseInt(f[1].trim()));
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
