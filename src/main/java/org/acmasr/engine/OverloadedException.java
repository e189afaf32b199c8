package org.acmasr.engine;

/** Thrown when a stream is refused because the configured number of streams is open, or the scheduler is stopping. */
public final class OverloadedException extends RuntimeException {
  private final int limit;

  public OverloadedException(String message, int limit) {
    super(message);
    this.limit = limit;
  }

  /** The configured maximum number of open streams. */
  public int limit() {
    return limit;
  }
}
