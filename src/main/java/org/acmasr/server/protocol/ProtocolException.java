package org.acmasr.server.protocol;

/** A client mistake with its stable {@link ErrorCode} and a message naming what was wrong. */
public final class ProtocolException extends Exception {
  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
