package org.acmasr.decode;

import java.io.IOException;

/** An ARPA language-model file that cannot be read; the message names the file and line. */
public final class ArpaFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public ArpaFormatException(String source, long line, String message) {
    super(source + ":" + line + ": " + message);
  }
}
