package org.acmasr.train.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;

/**
 * Renders sentences with espeak-ng and flite (Debian packages) into a Common Voice folder:
 * {@code clips/synth_<hash>.wav} and {@code train.tsv} / {@code validated.tsv} with the Common Voice
 * header, the voice id as client_id. Each sentence is spoken by {@code voicesPerSentence} voices drawn
 * without replacement from the voice list (seeded). A sentence a voice cannot render is skipped and
 * counted, never fatal.
 */
public final class SpeechSynth {
  private static final String HEADER =
      "client_id\tpath\tsentence_id\tsentence\tsentence_domain\tup_votes\tdown_votes\tage\tgender\taccents\tvariant\tlocale\tsegment";
  private static final long TIMEOUT_SECONDS = 30;

  private final List<Voice> voices;

  /**
   * @throws IllegalArgumentException if a voice is not installed (both engines would otherwise fall
   *     back to their default voice silently)
   * @throws IOException if an engine is not installed
   */
  public SpeechSynth(List<Voice> voices) throws IOException {
    if (voices.isEmpty()) throw new IllegalArgumentException("synth.voices: at least one voice is needed");
    String espeak = null;
    String flite = null;
    for (Voice v : voices) {
      String available;
      if (v.engine() == Voice.Engine.ESPEAK_NG) {
        available = espeak != null ? espeak : (espeak = run("espeak-ng", "--voices"));
        String base = v.name().contains("+") ? v.name().substring(0, v.name().indexOf('+')) : v.name();
        if (!Arrays.stream(available.split("\\s+")).anyMatch(base::equals)) {
          throw new IllegalArgumentException("synth.voice = " + v.name() + ": espeak-ng has no such voice");
        }
      } else {
        available = flite != null ? flite : (flite = run("flite", "-lv"));
        if (!Arrays.stream(available.replace("Voices available:", "").trim().split("\\s+"))
            .anyMatch(v.name()::equals)) {
          throw new IllegalArgumentException("synth.voice = " + v.name() + ": flite has only " + available.trim());
        }
      }
    }
    this.voices = List.copyOf(voices);
  }

  private static String run(String... cmd) throws IOException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new IOException(cmd[0] + " is not installed (apt-get install espeak-ng flite)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** What a run produced. */
  public record Report(int clips, int failed, List<String> failures) {}

  public Report render(List<String> sentences, Path out, int voicesPerSentence, long seed) throws IOException {
    if (voicesPerSentence < 1) {
      throw new IllegalArgumentException("synth.voices_per_sentence = " + voicesPerSentence + ": must be >= 1");
    }
    Path clips = out.resolve("clips");
    Files.createDirectories(clips);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> rows = new ArrayList<>(List.of(HEADER));
    List<String> failures = new ArrayList<>();
    int made = 0;
    for (String sentence : sentences) {
      String s = sentence.strip();
      if (s.isEmpty()) continue;
      List<Voice> pool = new ArrayList<>(voices);
      for (int i = 0; i < Math.min(voicesPerSentence, voices.size()); i++) {
        Voice v = pool.remove(rnd.nextInt(pool.size()));
        String id = "synth_" + hash(v.id() + "\n" + s) + ".wav";
        Path wav = clips.resolve(id);
        try {
          speak(v, s, wav);
          AudioDecoder.read(wav, null); // must decode, or it is not a clip
          rows.add(String.join("\t", v.id(), id, hash(s), s.replace('\t', ' '), "", "2", "0", "", "", "", "", "en", ""));
          made++;
        } catch (IOException e) {
          Files.deleteIfExists(wav);
          failures.add(v.id() + ": " + e.getMessage());
        }
      }
    }
    Files.write(out.resolve("train.tsv"), rows, StandardCharsets.UTF_8);
    Files.write(out.resolve("validated.tsv"), rows, StandardCharsets.UTF_8);
    return new Report(made, failures.size(), failures);
  }

  private static void speak(Voice v, String text, Path wav) throws IOException {
    Path txt = Files.createTempFile("acm-synth", ".txt");
    try {
      Files.writeString(txt, text, StandardCharsets.UTF_8);
      List<String> cmd = v.engine() == Voice.Engine.ESPEAK_NG
          ? List.of(v.engine().binary, "-v", v.name(), "-s", Integer.toString(v.rate()), "-p", Integer.toString(v.pitch()),
              "-w", wav.toString(), "-f", txt.toString())
          : List.of(v.engine().binary, "-voice", v.name(), "-f", txt.toString(), "-o", wav.toString());
      Process p;
      try {
        p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IOException(v.engine().binary + " is not installed (apt-get install espeak-ng flite)", e);
      }
      byte[] log = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(v.engine().binary + " timed out after " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0 || !Files.exists(wav) || Files.size(wav) <= 44) {
        throw new IOException(String.format(Locale.ROOT, "%s exited with %d: %s", v.engine().binary, p.exitValue(),
            new String(log, StandardCharsets.UTF_8).strip()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(txt);
    }
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
