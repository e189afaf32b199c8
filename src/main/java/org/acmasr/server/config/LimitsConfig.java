package org.acmasr.server.config;

/**
 * What one client may do. Validated; errors name the key and value.
 *
 * @param maxFrameBytes      largest WebSocket message (audio or text) in bytes
 * @param idleTimeoutSeconds a session that sends nothing (audio, control or keepalive) for this long is ended
 * @param maxSessionSeconds  a session is ended this long after {@code ready}
 * @param maxBodyBytes       largest {@code POST /v1/transcribe} body in bytes
 */
public record LimitsConfig(int maxFrameBytes, double idleTimeoutSeconds, double maxSessionSeconds, long maxBodyBytes) {

  public LimitsConfig {
    if (maxFrameBytes < 1024 || maxFrameBytes > 16 << 20) {
      throw new IllegalArgumentException("limits.max_frame_bytes = " + maxFrameBytes + ": must be in [1024, 16777216]");
    }
    if (!(idleTimeoutSeconds >= 0.05 && idleTimeoutSeconds <= 86_400)) {
      throw new IllegalArgumentException("limits.idle_timeout_seconds = " + idleTimeoutSeconds + ": must be in [0.05, 86400]");
    }
    if (!(maxSessionSeconds >= 0.05 && maxSessionSeconds <= 604_800)) {
      throw new IllegalArgumentException("limits.max_session_seconds = " + maxSessionSeconds + ": must be in [0.05, 604800]");
    }
    if (maxBodyBytes < 1024 || maxBodyBytes > 1L << 30) {
      throw new IllegalArgumentException("limits.max_body_bytes = " + maxBodyBytes + ": must be in [1024, 1073741824]");
    }
  }

  /** 256 KiB messages, 30 s idle, 4 h sessions, 64 MiB bodies. */
  public static LimitsConfig defaults() {
    return new LimitsConfig(256 * 1024, 30, 4 * 3600, 64L << 20);
  }
}
