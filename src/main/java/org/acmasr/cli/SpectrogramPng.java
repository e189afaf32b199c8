package org.acmasr.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Renders a log-mel matrix as a PNG: time to the right, low frequencies at the bottom. */
final class SpectrogramPng {
  /** Dynamic range shown, in natural-log units of energy (~ 70 dB). */
  private static final float RANGE = 16f;
  private static final int PIXELS_PER_BIN = 3;
  private static final int PIXELS_PER_FRAME = 2;
  /** Perceptually ordered colour stops (dark blue → purple → orange → yellow). */
  private static final int[][] STOPS = {
      {0, 0, 4}, {40, 11, 84}, {101, 21, 110}, {159, 42, 99}, {212, 72, 66}, {245, 125, 21}, {250, 193, 39},
      {252, 255, 164}};

  private SpectrogramPng() {}

  static void write(Path file, float[][] feats, int bins) throws IOException {
    int frames = Math.max(1, feats.length);
    BufferedImage img = new BufferedImage(frames * PIXELS_PER_FRAME, bins * PIXELS_PER_BIN, BufferedImage.TYPE_INT_RGB);
    float max = Float.NEGATIVE_INFINITY;
    for (float[] f : feats) for (float v : f) max = Math.max(max, v);
    float min = max - RANGE;
    for (int t = 0; t < feats.length; t++) {
      for (int m = 0; m < bins; m++) {
        float v = Math.min(1f, Math.max(0f, (feats[t][m] - min) / RANGE));
        int rgb = colour(v);
        for (int dx = 0; dx < PIXELS_PER_FRAME; dx++) {
          for (int dy = 0; dy < PIXELS_PER_BIN; dy++) {
            img.setRGB(t * PIXELS_PER_FRAME + dx, (bins - 1 - m) * PIXELS_PER_BIN + dy, rgb);
          }
        }
      }
    }
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }

  private static int colour(float v) {
    float x = v * (STOPS.length - 1);
    int i = Math.min(STOPS.length - 2, (int) x);
    float f = x - i;
    int r = Math.round(STOPS[i][0] + f * (STOPS[i + 1][0] - STOPS[i][0]));
    int g = Math.round(STOPS[i][1] + f * (STOPS[i + 1][1] - STOPS[i][1]));
    int b = Math.round(STOPS[i][2] + f * (STOPS[i + 1][2] - STOPS[i][2]));
    return r << 16 | g << 8 | b;
  }
}
