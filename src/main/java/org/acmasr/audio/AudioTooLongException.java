package org.acmasr.audio;

/** Audio that lasts longer than the duration limit of its request (declared or found while decoding). */
public final class AudioTooLongException extends AudioFormatException {
  private final double limitSeconds;

  public AudioTooLongException(String message, double limitSeconds) {
    super(message);
    this.limitSeconds = limitSeconds;
  }

  /** The limit that was exceeded, in seconds. */
  public double limitSeconds() {
    return limitSeconds;
  }
}
