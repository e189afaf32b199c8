package org.acmasr.config;

/**
 * What one client may do. Validated; errors name the key and value.
 *
 * @param maxFrameBytes      largest WebSocket message (audio or text) in bytes
 * @param idleTimeoutSeconds a session that sends nothing (audio, control or keepalive) for this long is ended
 * @param maxSessionSeconds  a session is ended this long after {@code ready}
 * @param maxBodyBytes       largest {@code POST /v1/transcribe} body in bytes
 * @param maxStreamsPerClient WebSocket sessions and batch requests one client (API key, or address
 *                           without keys) may have open at once; 0 = no limit
 * @param noAudioTimeoutSeconds a WebSocket session that has sent no audio for this long (keepalives and
 *                           control messages do not count) is ended
 */
public record LimitsConfig(int maxFrameBytes, double idleTimeoutSeconds, double maxSessionSeconds, long maxBodyBytes,
    int maxStreamsPerClient, double noAudioTimeoutSeconds) {

  /** Per-client stream limit: a quarter of the default {@code engine.max_streams}. */
  public static final int DEFAULT_MAX_STREAMS_PER_CLIENT = 16;
  public static final double DEFAULT_NO_AUDIO_TIMEOUT_SECONDS = 60;

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
    if (maxStreamsPerClient < 0 || maxStreamsPerClient > 100_000) {
      throw new IllegalArgumentException("limits.max_streams_per_client = " + maxStreamsPerClient
          + ": must be in [0, 100000] (0 = no limit)");
    }
    if (!(noAudioTimeoutSeconds >= 0.05 && noAudioTimeoutSeconds <= 604_800)) {
      throw new IllegalArgumentException("limits.no_audio_timeout_seconds = " + noAudioTimeoutSeconds
          + ": must be in [0.05, 604800]");
    }
  }

  /** With the default per-client limit and audio-less time. */
  public LimitsConfig(int maxFrameBytes, double idleTimeoutSeconds, double maxSessionSeconds, long maxBodyBytes) {
    this(maxFrameBytes, idleTimeoutSeconds, maxSessionSeconds, maxBodyBytes, DEFAULT_MAX_STREAMS_PER_CLIENT,
        DEFAULT_NO_AUDIO_TIMEOUT_SECONDS);
  }

  public LimitsConfig withClientLimits(int maxStreamsPerClient, double noAudioTimeoutSeconds) {
    return new LimitsConfig(maxFrameBytes, idleTimeoutSeconds, maxSessionSeconds, maxBodyBytes, maxStreamsPerClient,
        noAudioTimeoutSeconds);
  }

  /** 256 KiB messages, 30 s idle, 4 h sessions, 64 MiB bodies, 16 streams per client, 60 s without audio. */
  public static LimitsConfig defaults() {
    return new LimitsConfig(256 * 1024, 30, 4 * 3600, 64L << 20);
  }
}
