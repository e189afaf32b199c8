package org.acmasr.train;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff 1.0.0-M2.1 prints one "Added differentiated op …" line to System.out per op when it builds
 * a gradient graph (hundreds of lines per model, on the stdout that commands use for results). The
 * gradient graph is built once, here, with System.out muted.
 */
final class Quietly {
  private Quietly() {}

  static synchronized void createGradients(SameDiff sd) {
    PrintStream out = System.out;
    try {
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      sd.createGradFunction();
    } finally {
      System.setOut(out);
    }
  }
}
