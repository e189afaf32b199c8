package org.acmasr.train.eval;

import java.util.Locale;
import java.util.Map;

/** A small self-contained SVG: WER (y) against measured compute (x), one point per budget, plus reference points. */
final class WerPlot {
  private static final int W = 520;
  private static final int H = 360;
  private static final int L = 60;
  private static final int R = 20;
  private static final int T = 30;
  private static final int B = 50;

  private WerPlot() {}

  /** @param references label → {compute, wer}, e.g. the teacher */
  static String svg(EvalResult r, Map<String, double[]> references) {
    double maxWer = 0.05;
    for (EvalResult.BudgetResult x : r.results()) maxWer = Math.max(maxWer, x.wer());
    for (double[] p : references.values()) maxWer = Math.max(maxWer, p[1]);
    maxWer = Math.ceil(maxWer * 10) / 10.0;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">WER vs compute: %s</text>%n", L,
        esc(r.model())));
    // Axes and grid.
    for (int i = 0; i <= 5; i++) {
      double fx = i / 5.0;
      int x = xp(fx * 1.1);
      s.append(line(x, T, x, H - B, "#eee")).append(text(x - 8, H - B + 16, String.format(Locale.ROOT, "%.2f", fx * 1.1)));
      double fy = maxWer * i / 5;
      int y = yp(fy, maxWer);
      s.append(line(L, y, W - R, y, "#eee")).append(text(8, y + 4, String.format(Locale.ROOT, "%.0f%%", 100 * fy)));
    }
    s.append(line(L, H - B, W - R, H - B, "#333")).append(line(L, T, L, H - B, "#333"));
    s.append(text(W / 2 - 80, H - 12, "measured compute (fraction of static)"));
    // Budget points, joined.
    StringBuilder path = new StringBuilder();
    for (EvalResult.BudgetResult x : r.results()) {
      int px = xp(x.compute());
      int py = yp(x.wer(), maxWer);
      path.append(path.length() == 0 ? "M" : " L").append(px).append(',').append(py);
      s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#1f77b4\"/>%n", px, py));
      s.append(text(px + 6, py - 6, String.format(Locale.ROOT, "β=%.2f", x.budget())));
    }
    s.append(String.format(Locale.ROOT, "<path d=\"%s\" stroke=\"#1f77b4\" fill=\"none\"/>%n", path));
    for (Map.Entry<String, double[]> e : references.entrySet()) {
      int px = xp(e.getValue()[0]);
      int py = yp(e.getValue()[1], maxWer);
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"8\" fill=\"#d62728\"/>%n", px - 4,
          py - 4));
      s.append(text(px + 6, py + 14, esc(e.getKey())));
    }
    return s.append("</svg>\n").toString();
  }

  private static int xp(double compute) {
    return (int) Math.round(L + (W - L - R) * Math.min(1.1, Math.max(0, compute)) / 1.1);
  }

  private static int yp(double wer, double max) {
    return (int) Math.round(H - B - (H - B - T) * Math.min(1, wer / max));
  }

  private static String line(int x1, int y1, int x2, int y2, String c) {
    return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>%n", x1, y1, x2, y2, c);
  }

  private static String text(int x, int y, String t) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y, t);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
