package org.acmasr.decode;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

/** Builds CTC log-probability matrices for tests. */
final class Frames {
  static final double FRAME = 0.04;

  private Frames() {}

  /** A row where {@code token} has probability {@code p} and the rest is spread evenly. */
  static float[] row(int vocab, int token, double p) {
    float[] r = new float[vocab];
    Arrays.fill(r, (float) Math.log((1 - p) / (vocab - 1)));
    r[token] = (float) Math.log(p);
    return r;
  }

  /** One row per token of {@code tokens}, each with probability {@code p} on its token. */
  static float[][] rows(int vocab, double p, int... tokens) {
    float[][] m = new float[tokens.length][];
    for (int i = 0; i < tokens.length; i++) {
      m[i] = row(vocab, tokens[i], p);
    }
    return m;
  }

  /** A row from explicit probabilities (must sum to 1). */
  static float[] fromProbs(double... p) {
    float[] r = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      r[i] = (float) Math.log(p[i]);
    }
    return r;
  }

  /**
   * Random peaked frames: each frame's arg-max has probability in [minTop, 0.99); it is the blank
   * 40% of the time, a repeat of the previous frame's token 25%, otherwise a random token. The rest
   * of the mass is spread randomly.
   */
  static float[][] peaked(Random r, int frames, int vocab, double minTop) {
    float[][] m = new float[frames][vocab];
    int prev = 0;
    for (int t = 0; t < frames; t++) {
      double u = r.nextDouble();
      int top = u < 0.4 ? 0 : u < 0.65 ? prev : r.nextInt(vocab);
      double topP = minTop + (0.99 - minTop) * r.nextDouble();
      double[] rest = new double[vocab];
      double sum = 0;
      for (int c = 0; c < vocab; c++) {
        if (c != top) {
          rest[c] = -Math.log(1 - r.nextDouble()); // exponential: a flat Dirichlet after normalising
          sum += rest[c];
        }
      }
      for (int c = 0; c < vocab; c++) {
        m[t][c] = (float) Math.log(c == top ? topP : (1 - topP) * rest[c] / sum);
      }
      prev = top;
    }
    return m;
  }

  /** Random flat frames (softmax of Gaussian logits with the given scale). */
  static float[][] random(Random r, int frames, int vocab, double scale) {
    float[][] m = new float[frames][vocab];
    for (int t = 0; t < frames; t++) {
      double[] z = new double[vocab];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < vocab; c++) {
        z[c] = r.nextGaussian() * scale;
        max = Math.max(max, z[c]);
      }
      double sum = 0;
      for (int c = 0; c < vocab; c++) {
        sum += Math.exp(z[c] - max);
      }
      double lse = max + Math.log(sum);
      for (int c = 0; c < vocab; c++) {
        m[t][c] = (float) (z[c] - lse);
      }
    }
    return m;
  }

  /** Feeds {@code m} to {@code sink} in random pieces (including empty ones); covers every frame once. */
  static void feedInRandomSplits(float[][] m, Random r, int maxPiece, Consumer<float[][]> sink) {
    int pos = 0;
    while (pos < m.length) {
      int n = Math.min(m.length - pos, r.nextInt(maxPiece + 1));
      sink.accept(Arrays.copyOfRange(m, pos, pos + n));
      pos += n;
    }
  }
}
