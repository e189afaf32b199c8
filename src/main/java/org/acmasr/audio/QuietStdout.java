package org.acmasr.audio;

import java.io.PrintStream;

/**
 * jflac 1.5.2 prints {@code readResidual elsecase, pEsc = N} to standard output while decoding some
 * (mostly corrupt) residual partitions; a server's stdout is its log, and nothing a client sends may
 * write to it. This stream drops exactly that line and passes everything else through.
 */
final class QuietStdout extends PrintStream {
  private static final String JFLAC_NOISE = "readResidual elsecase";

  private QuietStdout(PrintStream out) {
    super(out, true);
  }

  /** Wraps the current {@code System.out} unless it is already wrapped. */
  static synchronized void install() {
    if (!(System.out instanceof QuietStdout)) System.setOut(new QuietStdout(System.out));
  }

  @Override
  public void println(String x) {
    if (x != null && x.startsWith(JFLAC_NOISE)) return;
    super.println(x);
  }
}
