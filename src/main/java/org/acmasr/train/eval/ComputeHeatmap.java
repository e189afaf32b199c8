package org.acmasr.train.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The picture the ACM authors show, for audio: the waveform, and under it one cell per 40 ms frame
 * coloured by the compute the model spent on it (white = nothing, dark red = all learners).
 */
public final class ComputeHeatmap {
  private static final int WIDTH = 1000;
  private static final int WAVE = 140;
  private static final int STRIP = 40;
  private static final int PAD = 24;

  private ComputeHeatmap() {}

  /**
   * @param samples      mono audio at {@code sampleRate} Hz
   * @param frameCompute compute fraction per encoder frame
   * @param frameSeconds seconds per encoder frame
   */
  public static void write(Path png, float[] samples, int sampleRate, float[] frameCompute, double frameSeconds,
      String title) throws IOException {
    BufferedImage img = new BufferedImage(WIDTH, PAD + WAVE + STRIP + PAD, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(title, 6, 16);
    double seconds = samples.length / (double) sampleRate;
    double total = Math.max(seconds, frameCompute.length * frameSeconds);
    // Waveform: min/max per pixel column.
    int mid = PAD + WAVE / 2;
    float peak = 1e-6f;
    for (float v : samples) peak = Math.max(peak, Math.abs(v));
    g.setColor(new Color(90, 90, 90));
    g.setStroke(new BasicStroke(1f));
    for (int x = 0; x < WIDTH; x++) {
      int from = (int) (x / (double) WIDTH * total * sampleRate);
      int to = Math.min(samples.length, (int) ((x + 1) / (double) WIDTH * total * sampleRate));
      float lo = 0;
      float hi = 0;
      for (int i = from; i < to; i++) {
        lo = Math.min(lo, samples[i]);
        hi = Math.max(hi, samples[i]);
      }
      g.drawLine(x, mid - (int) (hi / peak * WAVE / 2), x, mid - (int) (lo / peak * WAVE / 2));
    }
    // Compute strip.
    int top = PAD + WAVE + 4;
    for (int f = 0; f < frameCompute.length; f++) {
      int x0 = (int) (f * frameSeconds / total * WIDTH);
      int x1 = Math.max(x0 + 1, (int) ((f + 1) * frameSeconds / total * WIDTH));
      float c = Math.max(0f, Math.min(1f, frameCompute[f]));
      g.setColor(new Color(1f, 1f - 0.85f * c, 1f - 0.95f * c));
      g.fillRect(x0, top, x1 - x0, STRIP - 8);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(0, top, WIDTH - 1, STRIP - 8);
    g.drawString(String.format(java.util.Locale.ROOT, "compute per 40 ms frame (white 0 → red 1); %.2f s", seconds), 6,
        top + STRIP + 10);
    g.dispose();
    if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer");
  }
}
