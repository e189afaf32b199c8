package org.acmasr.model;

import java.io.IOException;

/** A model file that is not one this code can load: wrong magic or version, corrupt, truncated, or mis-shaped. */
public class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
