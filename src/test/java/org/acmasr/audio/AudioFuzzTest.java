package org.acmasr.audio;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.acmasr.testutil.TestAudio;
import org.acmasr.testutil.TestAudio.WavFormat;
import org.acmasr.testutil.TestData;
import org.acmasr.testutil.TestFlac;
import org.junit.jupiter.api.Test;

/**
 * Property: for any byte sequence the decoders either return audio or throw
 * {@link AudioFormatException} — never another exception type, and never hang.
 */
class AudioFuzzTest {
  private static final Duration PER_INPUT = Duration.ofSeconds(10);
  private final Random random = new Random(20261122);
  private int inputs;
  private int rejected;

  private void check(String what, byte[] bytes) {
    inputs++;
    assertTimeoutPreemptively(PER_INPUT, () -> {
      try {
        DecodedAudio a = AudioDecoder.decode(bytes);
        assertTrue(a.sampleRate() >= AudioLimits.MIN_SAMPLE_RATE && a.channels() >= 1, what);
        for (float v : a.interleaved()) {
          if (!(Math.abs(v) <= AudioLimits.MAX_FLOAT_SAMPLE)) fail(what + ": sample " + v + " out of range");
        }
        AudioDecoder.toMono(a, 16000);
      } catch (AudioFormatException e) {
        rejected++;
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what + ": empty message");
      } catch (Throwable t) {
        throw new AssertionError(what + ": threw " + t, t);
      }
    }, what + " did not finish in " + PER_INPUT);
  }

  private byte[] randomBytes(int max) {
    byte[] b = new byte[random.nextInt(max + 1)];
    random.nextBytes(b);
    return b;
  }

  private byte[] withPrefix(byte[] prefix, byte[] rest) {
    byte[] b = Arrays.copyOf(prefix, prefix.length + rest.length);
    System.arraycopy(rest, 0, b, prefix.length, rest.length);
    return b;
  }

  private byte[] mutate(byte[] valid, int edits) {
    byte[] b = valid.clone();
    for (int i = 0; i < edits; i++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    return b;
  }

  @Test
  void randomAndTruncatedInputsOnlyRaiseAudioFormatException() throws Exception {
    byte[][] magics = {
        "RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.ISO_8859_1),
        "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1),
        "RF64\0\0\0\0WAVE".getBytes(StandardCharsets.ISO_8859_1),
        "fLaC".getBytes(StandardCharsets.ISO_8859_1),
        "fLaC\0\0\0\"".getBytes(StandardCharsets.ISO_8859_1),
        "ID3".getBytes(StandardCharsets.ISO_8859_1),
        {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64},
        {(byte) 0xFF, (byte) 0xE3, 0x18, (byte) 0xC4},
        {(byte) 0xFF, (byte) 0xF3, 0x40, (byte) 0xC4}};
    for (int i = 0; i < 1500; i++) {
      check("random #" + i, randomBytes(4096));
    }
    for (int i = 0; i < 1500; i++) {
      check("magic+random #" + i, withPrefix(magics[i % magics.length], randomBytes(4096)));
    }

    byte[] wav = TestAudio.wav(TestAudio.signal(300, 2, 22050, 1), 2, 22050, WavFormat.PCM24);
    for (int len = 0; len <= wav.length; len++) {
      check("wav truncated to " + len, Arrays.copyOf(wav, len));
    }
    byte[] flac = TestFlac.encode(TestAudio.signal(8000, 1, 16000, 1), 1, 16000, 16);
    for (int i = 0; i < 400; i++) {
      int len = i < 100 ? i : random.nextInt(flac.length + 1);
      check("flac truncated to " + len, Arrays.copyOf(flac, len));
    }
    byte[] mp3 = Files.readAllBytes(TestData.clip(TestData.CLIP_8K));
    for (int i = 0; i < 150; i++) {
      int len = i < 50 ? i * 3 : random.nextInt(mp3.length + 1);
      check("mp3 truncated to " + len, Arrays.copyOf(mp3, len));
    }
    for (int i = 0; i < 300; i++) {
      check("wav mutated #" + i, mutate(wav, 1 + random.nextInt(20)));
      check("flac mutated #" + i, mutate(flac, 1 + random.nextInt(20)));
      check("mp3 mutated #" + i, mutate(mp3, 1 + random.nextInt(40)));
    }
    assertTrue(inputs > 5000, "ran " + inputs + " inputs");
    assertTrue(rejected > inputs / 2, "most garbage must be rejected, rejected " + rejected + " of " + inputs);
  }

  @Test
  void rawDecoderNeverThrowsAnythingElse() throws Exception {
    for (int i = 0; i < 2000; i++) {
      PcmEncoding enc = PcmEncoding.values()[random.nextInt(2)];
      int rate = random.nextInt(3) == 0 ? random.nextInt() : 8000 + random.nextInt(40000);
      int channels = random.nextInt(4) == 0 ? random.nextInt(200) - 50 : 1 + random.nextInt(3);
      byte[] bytes = randomBytes(600);
      try {
        RawPcmFormat fmt = RawPcmFormat.of(enc, rate, channels);
        AudioDecoder.toMono(AudioDecoder.decode(bytes, fmt), 16000);
        RawPcmDecoder stream = new RawPcmDecoder(fmt);
        stream.accept(bytes, 0, bytes.length);
      } catch (AudioFormatException expected) {
        // typed rejection
      }
    }
  }
}
