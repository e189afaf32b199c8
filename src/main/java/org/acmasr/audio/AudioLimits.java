package org.acmasr.audio;

/** Bounds that every decoder enforces, so a lying header cannot make us allocate or loop without end. */
public final class AudioLimits {
  /** Lowest sample rate accepted from any container or declaration. */
  public static final int MIN_SAMPLE_RATE = 1_000;
  /** Highest sample rate accepted (covers 384 kHz studio audio). */
  public static final int MAX_SAMPLE_RATE = 384_000;
  /** Highest channel count accepted (WAV allows 65535; nothing real uses more than this). */
  public static final int MAX_CHANNELS = 64;

  private AudioLimits() {}

  static void checkSampleRate(String where, long rate) throws AudioFormatException {
    if (rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
      throw new AudioFormatException(where + ": sample rate " + rate + " Hz is outside the supported range ["
          + MIN_SAMPLE_RATE + ", " + MAX_SAMPLE_RATE + "] Hz");
    }
  }

  static void checkChannels(String where, long channels) throws AudioFormatException {
    if (channels < 1) {
      throw new AudioFormatException(where + ": channel count is " + channels + ", need at least 1");
    }
    if (channels > MAX_CHANNELS) {
      throw new AudioFormatException(where + ": channel count " + channels + " exceeds the limit of " + MAX_CHANNELS);
    }
  }
}
