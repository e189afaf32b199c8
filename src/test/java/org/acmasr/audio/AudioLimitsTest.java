package org.acmasr.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.acmasr.testutil.TestAudio;
import org.acmasr.testutil.TestAudio.WavFormat;
import org.acmasr.testutil.TestFlac;
import org.junit.jupiter.api.Test;

/**
 * The limits every decoder shares: duration (from the declared length before decoding, or while
 * decoding), the range of float samples, and how much of an input may be undecodable.
 */
class AudioLimitsTest {
  private static final byte[] MP3 = read("samples/cathy_arctic_a0001.mp3"); // 3.336 s

  private static byte[] read(String p) {
    try {
      return Files.readAllBytes(Path.of(p));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tooLong(ThrowingDecode d) {
    return assertThrows(AudioTooLongException.class, d::run).getMessage();
  }

  interface ThrowingDecode {
    void run() throws Exception;
  }

  /** The issue's request: 64 MB of s16 declared at 1 kHz is 9.3 h; refused from its size, nothing decoded. */
  @Test
  void rawPcmIsRefusedFromItsDeclaredLength() throws Exception {
    byte[] body = new byte[64 << 20];
    RawPcmFormat fmt = RawPcmFormat.of(PcmEncoding.PCM_S16LE, 1000, 1);
    long t0 = System.nanoTime();
    String m = tooLong(() -> AudioDecoder.decode(body, fmt, 3600));
    assertTrue((System.nanoTime() - t0) / 1e9 < 1, "refused before decoding");
    assertEquals("raw pcm_s16le: audio lasts 33554.4 s, more than the limit of 3600 s", m);
    assertEquals(2, AudioDecoder.decode(new byte[4000], fmt, 2).durationSeconds());
  }

  @Test
  void wavAndFlacAreRefusedFromTheirHeaders() throws Exception {
    float[] x = TestAudio.signal(8000 * 3, 1, 8000, 1);
    byte[] wav = TestAudio.wav(x, 1, 8000, WavFormat.PCM16);
    assertEquals("WAV: audio lasts 3.0 s, more than the limit of 2.5 s", tooLong(() -> AudioDecoder.decode(wav, 2.5)));
    assertEquals(3.0, AudioDecoder.decode(wav, 3).durationSeconds());
    byte[] reference; // declares its 32000 samples in STREAMINFO
    try (var in = getClass().getResourceAsStream("/fixtures/cathy_16k_reference.flac")) {
      reference = in.readAllBytes();
    }
    assertEquals("FLAC: audio lasts 2.0 s, more than the limit of 1.5 s", tooLong(() -> AudioDecoder.decode(reference, 1.5)));
    byte[] flac = TestFlac.encode(x, 1, 8000, 16); // declares no length: stopped while decoding
    assertTrue(tooLong(() -> AudioDecoder.decode(flac, 2)).startsWith("FLAC: audio lasts longer than the limit of 2 s "
        + "(decoding stopped at "));
  }

  /** MP3 declares no length: decoding stops as soon as it passes the limit. */
  @Test
  void mp3IsStoppedWhileDecoding() throws Exception {
    String m = tooLong(() -> AudioDecoder.decode(MP3, 2));
    assertTrue(m.startsWith("MP3: audio lasts longer than the limit of 2 s (decoding stopped at "), m);
    assertEquals(3.336, AudioDecoder.decode(MP3, 4).durationSeconds(), 1e-9);
  }

  @Test
  void floatWavSamplesOutOfRangeAreRefused() throws Exception {
    float[] x = {0.1f, -0.2f, 1e38f, 0f};
    String m = assertThrows(AudioFormatException.class,
        () -> AudioDecoder.decode(TestAudio.wav(x, 1, 16000, WavFormat.FLOAT32))).getMessage();
    assertTrue(m.startsWith("WAV float: sample 2 is 1.0E38, outside the accepted range [-2.0, 2.0]"), m);
  }

  /** The issue's MP3: a damaged stretch silently cost part of the audio; past 10 % it is refused by name. */
  @Test
  void mp3WithTooMuchCorruptDataIsRefused() throws Exception {
    byte[] b = MP3.clone();
    Arrays.fill(b, 5000, 9096, (byte) 0);
    String m = assertThrows(AudioFormatException.class, () -> AudioDecoder.decode(b)).getMessage();
    assertTrue(m.matches("MP3: corrupt data: \\d+ of 20016 bytes \\(2\\d %.*refused past 10 %"), m);
    byte[] small = MP3.clone();
    Arrays.fill(small, 5000, 5256, (byte) 0); // one frame's worth: skipped, the rest decodes
    assertTrue(AudioDecoder.decode(small).durationSeconds() > 3.2);
    // A recording cut short keeps what it has.
    assertTrue(AudioDecoder.decode(Arrays.copyOf(MP3, MP3.length / 2)).durationSeconds() > 1.5);
  }

  /** Corrupt FLAC: a typed message without jflac's exception text, and nothing on standard output. */
  @Test
  void corruptFlacIsTypedAndQuiet() throws Exception {
    byte[] flac;
    try (var in = getClass().getResourceAsStream("/fixtures/cathy_16k_reference.flac")) {
      flac = in.readAllBytes();
    }
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Random r = new Random(7);
    int refused = 0;
    try {
      for (int i = 0; i < 300; i++) {
        final int n = i;
        byte[] b = flac.clone();
        int at = 100 + r.nextInt(b.length - 120);
        for (int k = 0; k < 16; k++) b[at + k] = (byte) r.nextInt();
        Object got = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
          try {
            return AudioDecoder.decode(b);
          } catch (AudioFormatException e) {
            return e;
          }
        }, "input " + n);
        if (got instanceof DecodedAudio a) {
          assertTrue(a.durationSeconds() >= 0.9 * 2.0, "at most 10 % lost, got " + a.durationSeconds() + " s");
        } else {
          refused++;
          String m = ((AudioFormatException) got).getMessage();
          assertTrue(m.startsWith("FLAC: "), m);
          assertFalse(m.contains("Exception"), m);
        }
      }
    } finally {
      System.setOut(saved);
    }
    assertTrue(refused > 10, "refused " + refused);
    assertEquals("", captured.toString(StandardCharsets.UTF_8), "jflac wrote to stdout");
  }
}
