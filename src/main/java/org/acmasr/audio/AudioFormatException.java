package org.acmasr.audio;

import java.io.IOException;

/**
 * The bytes handed to a decoder are not audio this project can read: an unknown container, an
 * unsupported codec, a truncated or inconsistent header, or a parameter outside sane limits. The
 * message always says what was wrong and, where it helps, what was expected.
 */
public class AudioFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public AudioFormatException(String message) {
    super(message);
  }

  public AudioFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
