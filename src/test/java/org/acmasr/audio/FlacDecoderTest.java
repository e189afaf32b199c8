package org.acmasr.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Arrays;
import org.acmasr.testutil.TestAudio;
import org.acmasr.testutil.TestFlac;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FlacDecoderTest {

  @ParameterizedTest
  @CsvSource({"16, 1, 16000", "16, 2, 44100", "24, 2, 48000", "8, 1, 8000"})
  void decodesWhatAnEncoderWrote(int bits, int channels, int rate) throws Exception {
    float[] src = TestAudio.signal(rate / 2, channels, rate, 11);
    DecodedAudio a = AudioDecoder.decode(TestFlac.encode(src, channels, rate, bits));
    assertEquals(rate, a.sampleRate());
    assertEquals(channels, a.channels());
    assertEquals(src.length, a.interleaved().length);
    double step = 2.0 / ((1 << (bits - 1)) - 1); // rounding plus the 2^(b-1)-1 vs 2^(b-1) scale
    assertTrue(TestAudio.maxAbsDiff(src, a.interleaved()) <= step, "error " + TestAudio.maxAbsDiff(src, a.interleaved()));
  }

  /** A LibriSpeech-style file (16 kHz, 16-bit mono) written by the reference `flac` encoder at -8. */
  @Test
  void decodesReferenceEncoderOutput() throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/cathy_16k_reference.flac")) {
      bytes = in.readAllBytes();
    }
    DecodedAudio a = AudioDecoder.decode(bytes);
    assertEquals(16000, a.sampleRate());
    assertEquals(1, a.channels());
    assertEquals(32000, a.frames());
    // The same two seconds were also stored as 16-bit WAV by the same tool: must match exactly.
    byte[] wav;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/cathy_16k_reference.wav")) {
      wav = in.readAllBytes();
    }
    float[] ref = AudioDecoder.decode(wav).interleaved();
    assertEquals(0.0, TestAudio.maxAbsDiff(ref, a.interleaved()));
    assertTrue(TestAudio.rms(a.interleaved(), 0, a.frames()) > 0.01);
  }

  @Test
  void truncatedHeaderIsTyped() {
    byte[] f = TestFlac.encode(TestAudio.signal(1000, 1, 16000, 1), 1, 16000, 16);
    for (int len : new int[] {4, 5, 10, 30, 41}) {
      AudioFormatException e = assertThrows(AudioFormatException.class,
          () -> AudioDecoder.decode(Arrays.copyOf(f, len)), "length " + len);
      assertTrue(e.getMessage().startsWith("FLAC:"), e.getMessage());
    }
  }
}
