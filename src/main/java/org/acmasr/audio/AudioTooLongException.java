package org.acmasr.audio;

/** Audio that lasts longer than the duration limit of its request (declared or found while decoding). */
public final class AudioTooLongException extends AudioFormatException {
  private static final long serialVersionUID = 1L;

  public AudioTooLongException(String message) {
    super(message);
  }
}
