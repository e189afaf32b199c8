package org.acmasr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.testutil.TestAudio;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnlineFbankTest {

  private static float[] speech() throws Exception {
    return AudioDecoder.loadMono(TestData.clip(TestData.CLIP_22K), null, 16000);
  }

  /** (a) Any chunking gives frames bit-identical to whole-buffer extraction. */
  @Test
  void randomChunkingsAreBitIdentical() throws Exception {
    float[] x = speech();
    for (FbankConfig cfg : List.of(FbankConfig.defaults(), FbankConfig.defaults().withDither(1e-4, 42))) {
      float[][] whole = OnlineFbank.computeAll(cfg, x);
      assertEquals(cfg.numFrames(x.length), whole.length);
      Random r = new Random(1);
      for (int trial = 0; trial < 12; trial++) {
        OnlineFbank fb = new OnlineFbank(cfg);
        List<float[]> frames = new ArrayList<>();
        int pos = 0;
        int maxChunk = new int[] {1, 7, 160, 400, 1000, 20000}[trial % 6];
        while (pos < x.length) {
          int n = Math.min(x.length - pos, 1 + r.nextInt(maxChunk));
          frames.addAll(fb.accept(x, pos, n));
          pos += n;
        }
        assertEquals(whole.length, frames.size());
        for (int t = 0; t < whole.length; t++) {
          assertArrayEquals(whole[t], frames.get(t), "trial " + trial + " frame " + t);
        }
      }
    }
  }

  /**
   * (b) Values match an independent double-precision DFT implementation to 1e-4 relative.
   *
   * <p>The production FFT is TarsosDSP's float32 transform, whose rounding error is relative to the
   * frame's largest component: measured on this clip it is 8e-7 for mel energies within 10 dB of the
   * frame's peak, 5.5e-5 at 50-60 dB below it and ~1e-2 at 110 dB below (the empty band above the
   * resampler's cut-off). So energies within 60 dB of the peak must match to 1e-4 relative, and every
   * log value, however deep, to 0.02 absolute.
   */
  @ParameterizedTest
  @EnumSource(WindowType.class)
  void matchesDoublePrecisionDftReference(WindowType window) throws Exception {
    FbankConfig cfg = FbankConfig.defaults().withWindow(window);
    float[] x = speech();
    float[][] got = OnlineFbank.computeAll(cfg, x);
    double worstRel = 0;
    double worstLog = 0;
    int compared = 0;
    double within60dB = Math.log(1e6);
    for (int t = 0; t < got.length; t += 5) {
      double[] ref = ReferenceFbank.frame(cfg, x, t);
      double peak = Double.NEGATIVE_INFINITY;
      for (double v : ref) peak = Math.max(peak, v);
      for (int m = 0; m < ref.length; m++) {
        worstLog = Math.max(worstLog, Math.abs(got[t][m] - ref[m]));
        if (peak - ref[m] <= within60dB) {
          double e = Math.exp(got[t][m]);
          double er = Math.exp(ref[m]);
          worstRel = Math.max(worstRel, Math.abs(e - er) / er);
          compared++;
        }
      }
    }
    assertTrue(compared > got.length / 5 * 40, "compared only " + compared + " values");
    assertTrue(worstRel < 1e-4, window + ": worst relative error within 60 dB " + worstRel);
    assertTrue(worstLog < 0.02, window + ": worst log error " + worstLog);
  }

  /** (c) A 1 kHz tone peaks in the mel filter centred nearest 1 kHz. */
  @Test
  void toneOf1kHzPeaksInTheRightBin() {
    FbankConfig cfg = FbankConfig.defaults();
    float[][] f = OnlineFbank.computeAll(cfg, TestAudio.sine(1000, 0.5, 16000, 16000));
    double melLow = 1127 * Math.log(1 + 20 / 700.0);
    double melHigh = 1127 * Math.log(1 + 8000 / 700.0);
    double delta = (melHigh - melLow) / 81;
    double target = 1127 * Math.log(1 + 1000 / 700.0);
    int expected = (int) Math.round((target - melLow) / delta) - 1; // centre of filter m is melLow + (m+1) delta
    assertEquals(27, expected, "sanity of the hand computation");
    for (float[] frame : f) {
      int arg = 0;
      for (int m = 1; m < frame.length; m++) if (frame[m] > frame[arg]) arg = m;
      assertEquals(expected, arg);
    }
  }

  @Test
  void silenceIsFloored() {
    float[][] f = OnlineFbank.computeAll(FbankConfig.defaults(), new float[1600]);
    assertEquals(8, f.length);
    for (float v : f[3]) assertEquals((float) Math.log(1e-10), v, 1e-5);
  }

  @Test
  void shortInputGivesNoFrames() {
    assertEquals(0, OnlineFbank.computeAll(FbankConfig.defaults(), new float[399]).length);
    assertEquals(1, OnlineFbank.computeAll(FbankConfig.defaults(), new float[400]).length);
    assertEquals(2, OnlineFbank.computeAll(FbankConfig.defaults(), new float[560]).length);
  }

  @Test
  void badConfigNamesKeyAndValue() {
    FbankConfig d = FbankConfig.defaults();
    String m = assertThrows(IllegalArgumentException.class, () -> d.withNumMelBins(0)).getMessage();
    assertEquals("fbank.num_mel_bins = 0: must be in [1, 256]", m);
    m = assertThrows(IllegalArgumentException.class, () -> new FbankConfig(16000, 80, 25, 30, WindowType.HANN, 0.97,
        true, 20, 0, 1e-10, 0, 0)).getMessage();
    assertTrue(m.startsWith("fbank.frame_shift_ms = 30.0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new FbankConfig(16000, 80, 25, 10, WindowType.HANN, 0.97,
        true, 20, 9000, 1e-10, 0, 0)).getMessage();
    assertTrue(m.startsWith("fbank.high_freq = 9000.0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> d.withDither(-1, 0)).getMessage();
    assertTrue(m.startsWith("fbank.dither = -1.0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> WindowType.parse("kaiser")).getMessage();
    assertTrue(m.contains("'kaiser'"), m);
  }
}
