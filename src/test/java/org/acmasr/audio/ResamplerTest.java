package org.acmasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.acmasr.testutil.TestAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

  @ParameterizedTest
  @CsvSource({"48000, 16000", "22050, 16000", "8000, 16000", "44100, 16000", "11025, 16000", "16000, 16000",
      "32000, 16000", "12345, 16000", "16000, 8000"})
  void anyChunkingGivesTheSameSamples(int in, int out) {
    Random r = new Random(in);
    float[] x = TestAudio.signal(in / 2 + 77, 1, in, 9);
    float[] whole = Resampler.resample(x, in, out);
    assertEquals((long) Math.ceil(x.length * (double) out / in), whole.length);
    for (int trial = 0; trial < 20; trial++) {
      Resampler rs = new Resampler(in, out);
      float[] got = new float[0];
      int pos = 0;
      while (pos < x.length) {
        int n = Math.min(x.length - pos, trial % 2 == 0 ? r.nextInt(7) : r.nextInt(3000));
        got = RawPcmDecoderTest.concat(got, rs.process(x, pos, n));
        pos += n;
      }
      got = RawPcmDecoderTest.concat(got, rs.flush());
      assertArrayEquals(whole, got, in + "->" + out + " trial " + trial);
    }
  }

  /** A 1 kHz tone keeps its amplitude and frequency through every common conversion. */
  @ParameterizedTest
  @CsvSource({"48000", "44100", "22050", "8000"})
  void passbandToneIsPreserved(int in) {
    float[] x = TestAudio.sine(1000, 0.5, in, in);
    float[] y = Resampler.resample(x, in, 16000);
    float[] ref = TestAudio.sine(1000, 0.5, y.length, 16000);
    // Compare away from the edges, where the filter sees zeros beyond the signal.
    double err = 0;
    for (int i = 800; i < y.length - 800; i++) err = Math.max(err, Math.abs(y[i] - ref[i]));
    assertTrue(err < 2e-3, in + " Hz: max error " + err);
  }

  /** Content above the new Nyquist frequency is removed, not folded back. */
  @Test
  void aliasingIsSuppressed() {
    float[] x = TestAudio.sine(11000, 0.5, 48000, 48000); // would alias to 5 kHz at 16 kHz
    float[] y = Resampler.resample(x, 48000, 16000);
    double rms = TestAudio.rms(y, 500, y.length - 500);
    assertTrue(rms < 0.5 / Math.sqrt(2) * 1e-3, "alias rms " + rms + " (needs > 60 dB suppression)");
  }

  @Test
  void flushWithoutInputGivesNothing() {
    assertEquals(0, new Resampler(44100, 16000).flush().length);
  }
}
