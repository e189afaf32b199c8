package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.OnlineFbank;
import org.acmasr.testutil.TestData;
import org.acmasr.train.data.FeatureCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentationTest {
  @TempDir
  Path dir;

  @Test
  void speedPerturbationChangesDurationAndIsCachedSeparately() throws Exception {
    Path clip = TestData.clip(TestData.CLIP_22K);
    float[][] base = new FeatureCache(dir, FbankConfig.defaults()).features(clip);
    float[][] fast = new FeatureCache(dir, FbankConfig.defaults(), 1.1).features(clip);
    float[][] slow = new FeatureCache(dir, FbankConfig.defaults(), 0.9).features(clip);
    assertEquals(base.length / 1.1, fast.length, 3);
    assertEquals(base.length / 0.9, slow.length, 3);
    assertArrayEquals(fast[10], new FeatureCache(dir, FbankConfig.defaults(), 1.1).features(clip)[10]);
    assertArrayEquals(base[10], OnlineFbank.computeAll(FbankConfig.defaults(), AudioDecoder.loadMono(clip, null, 16000))[10]);
  }

  @Test
  void melNoiseRaisesQuietBinsMoreThanLoudOnes() {
    float[][] f = new float[50][80];
    for (int t = 0; t < 50; t++) for (int m = 0; m < 80; m++) f[t][m] = t < 25 ? 2f : -15f; // speech, then near-silence
    float[][] noisy = MelNoise.apply(f, new SplittableRandom(4));
    double loud = noisy[10][40] - f[10][40];
    double quiet = noisy[40][40] - f[40][40];
    assertTrue(loud >= 0 && loud < 0.5, "loud bin rises a little: " + loud);
    assertTrue(quiet > 5, "silent bin is filled with noise: " + quiet);
    assertArrayEquals(noisy[3], MelNoise.apply(f, new SplittableRandom(4))[3]);
  }

  @Test
  void specAugmentMasksBandsAndFrames() {
    float[][] x = new float[200][4 * 80];
    for (float[] r : x) java.util.Arrays.fill(r, 1f);
    float[][] m = SpecAugment.apply(x, 80, new SplittableRandom(2));
    int zeros = 0;
    for (float[] r : m) for (float v : r) if (v == 0f) zeros++;
    assertTrue(zeros > 0 && zeros < x.length * x[0].length / 3, "masked " + zeros);
    assertEquals(1f, x[0][0]); // input untouched
  }
}
