package org.acmasr.cli;

import java.io.PrintWriter;
import org.acmasr.config.ServiceConfig;

/** Prints what a configuration uses that is deprecated, one line each. */
final class Warnings {
  private Warnings() {}

  static void print(PrintWriter err, ServiceConfig config) {
    for (String w : config.warnings()) err.println("acm-asr: warning: " + w);
    err.flush();
  }
}
