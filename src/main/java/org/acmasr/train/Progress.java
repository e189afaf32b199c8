package org.acmasr.train;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar with ETA, loss and throughput, redrawn in place on a terminal. */
public final class Progress {
  private final PrintStream out;
  private final String label;
  private final long total;
  private final long start = System.nanoTime();
  private long lastDraw;

  public Progress(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
  }

  /** @param done units done so far; @param frames encoder frames processed so far */
  public void update(long done, double loss, long frames) {
    long now = System.nanoTime();
    if (now - lastDraw < 200_000_000L && done < total) return;
    lastDraw = now;
    double secs = (now - start) / 1e9;
    double eta = done == 0 ? 0 : secs * (total - done) / done;
    int width = 30;
    int filled = (int) (width * done / total);
    out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d loss %.3f %.0f frames/s ETA %s", label, "#".repeat(filled),
        " ".repeat(width - filled), done, total, loss, frames / Math.max(1e-9, secs), clock(eta));
    if (done >= total) out.println();
    out.flush();
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
