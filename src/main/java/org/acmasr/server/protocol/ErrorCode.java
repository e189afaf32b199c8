package org.acmasr.server.protocol;

/**
 * The stable error codes of the HTTP and WebSocket API, with the HTTP status and the WebSocket close
 * code each maps to. {@code alwaysFatal} codes end the session; the others end it only before
 * {@code ready} (a session that never started has nothing to go on with) and otherwise reject just the
 * one message.
 */
public enum ErrorCode {
  /** Missing or wrong API key (HTTP 401 before any upgrade). */
  UNAUTHORIZED("unauthorized", 401, 1008, true),
  /** The client (API key, or address) has {@code limits.max_streams_per_client} streams open. */
  TOO_MANY_STREAMS("too_many_streams", 429, 1013, true),
  /** No audio arrived for {@code limits.no_audio_timeout_seconds}. */
  NO_AUDIO_TIMEOUT("no_audio_timeout", 408, 1008, true),
  /** The model is still loading. */
  NOT_READY("not_ready", 503, 1013, true),
  /** Every stream slot is in use: try again later. */
  OVERLOADED("overloaded", 503, 1013, true),
  /** The server is draining before it exits. */
  SHUTTING_DOWN("shutting_down", 503, 1013, true),
  /** Binary audio arrived before {@code start}. */
  AUDIO_BEFORE_START("audio_before_start", 400, 1008, true),
  /** A text message is not a JSON object with a string {@code type}. */
  BAD_JSON("bad_json", 400, 1008, false),
  /** A text message names a type the protocol does not have. */
  UNKNOWN_TYPE("unknown_type", 400, 1008, false),
  /** A setting in {@code start}, {@code configure} or a query string is missing, mistyped or out of range. */
  BAD_CONFIG("bad_config", 400, 1008, false),
  /** A message that is valid but not now (a second {@code start}, audio after {@code close}). */
  BAD_STATE("bad_state", 409, 1008, false),
  /** A binary message is not a whole number of sample frames. */
  ODD_BYTE_COUNT("odd_byte_count", 400, 1007, true),
  /** A WebSocket message is over {@code limits.max_frame_bytes}. */
  FRAME_TOO_LARGE("frame_too_large", 413, 1009, true),
  /** Nothing was received for {@code limits.idle_timeout_seconds}. */
  IDLE_TIMEOUT("idle_timeout", 408, 1008, true),
  /** The session reached {@code limits.max_session_seconds}. */
  SESSION_TOO_LONG("session_too_long", 413, 1008, true),
  /** The audio lasts longer than {@code engine.max_audio_seconds}. */
  AUDIO_TOO_LONG("audio_too_long", 413, 1008, true),
  /** The request body is not audio that can be decoded. */
  BAD_AUDIO("bad_audio", 400, 1007, true),
  /** The request's Content-Type is not an accepted audio type. */
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, 1003, true),
  /** The request body is over {@code limits.max_body_bytes}. */
  BODY_TOO_LARGE("body_too_large", 413, 1009, true),
  /** An HTTP method the endpoint does not take ({@code GET /v1/transcribe}). */
  METHOD_NOT_ALLOWED("method_not_allowed", 405, 1008, true),
  /** No such API endpoint. */
  NOT_FOUND("not_found", 404, 1008, true),
  /** A failure on the server's side; other streams are unaffected. */
  INTERNAL("internal", 500, 1011, true);

  private final String wire;
  private final int httpStatus;
  private final short closeCode;
  private final boolean alwaysFatal;

  ErrorCode(String wire, int httpStatus, int closeCode, boolean alwaysFatal) {
    this.wire = wire;
    this.httpStatus = httpStatus;
    this.closeCode = (short) closeCode;
    this.alwaysFatal = alwaysFatal;
  }

  /** The code as sent in {@code error.code}. */
  public String wire() {
    return wire;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The WebSocket close code used when this error ends a session. */
  public short closeCode() {
    return closeCode;
  }

  public boolean alwaysFatal() {
    return alwaysFatal;
  }
}
