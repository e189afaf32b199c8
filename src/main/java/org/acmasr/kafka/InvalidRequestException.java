package org.acmasr.kafka;

import org.acmasr.kafka.proto.FailureReason;

/** A request or record that cannot be transcribed: why (for the dead letter) and what exactly was wrong. */
public final class InvalidRequestException extends Exception {
  private static final long serialVersionUID = 1L;
  private final FailureReason reason;

  public InvalidRequestException(FailureReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public FailureReason reason() {
    return reason;
  }
}
