package org.acmasr.audio;

import java.util.Locale;

/** Bounds that every decoder enforces, so a lying header cannot make us allocate or loop without end. */
public final class AudioLimits {
  /** Lowest sample rate accepted from any container or declaration. */
  public static final int MIN_SAMPLE_RATE = 1_000;
  /** Highest sample rate accepted (covers 384 kHz studio audio). */
  public static final int MAX_SAMPLE_RATE = 384_000;
  /** Highest channel count accepted (WAV allows 65535; nothing real uses more than this). */
  public static final int MAX_CHANNELS = 64;

  /**
   * Largest magnitude accepted for a floating-point sample. Float audio is in [-1, 1]; a little over
   * (hot recordings) is kept as it is, anything further (1e38, or 16-bit PCM sent as float by mistake)
   * is refused, so no sample can overflow the front end into a non-finite number.
   */
  public static final float MAX_FLOAT_SAMPLE = 2f;

  private AudioLimits() {}

  /**
   * Largest share of a file that may be undecodable (corrupt frames, or damaged data after which
   * nothing decodes) before the whole input is refused; below it the damage is skipped.
   */
  public static final double MAX_UNDECODABLE_FRACTION = 0.1;

  /**
   * Refuses input of which more than {@link #MAX_UNDECODABLE_FRACTION} could not be decoded.
   *
   * @param what    what was lost, for the message ("the last 51234 bytes", "12 corrupt frames")
   * @param lost    the undecodable share of the input, in [0, 1]
   * @param decoded seconds of audio decoded
   */
  static void checkUndecodable(String where, String what, double lost, double decoded) throws AudioFormatException {
    if (lost > MAX_UNDECODABLE_FRACTION) {
      throw new AudioFormatException(String.format(Locale.ROOT,
          "%s: corrupt data: %s (%.0f %% of the input) could not be decoded after %.2f s of audio; refused past %.0f %%",
          where, what, 100 * lost, decoded, 100 * MAX_UNDECODABLE_FRACTION));
    }
  }

  /** No limit on duration (training and tools that read trusted files). */
  public static final double UNLIMITED_SECONDS = Double.POSITIVE_INFINITY;

  /**
   * Refuses audio of {@code frames} sample frames at {@code rate} Hz lasting longer than
   * {@code maxSeconds}: called from the declared size before decoding and while decoding when the size
   * is not known up front, so a request's memory is bounded by its duration limit.
   */
  public static void checkDuration(String where, long frames, long rate, double maxSeconds) throws AudioTooLongException {
    if (frames > maxSeconds * rate) {
      throw new AudioTooLongException(String.format(Locale.ROOT, "%s: audio lasts %.1f s, more than the "
          + "limit of %s s", where, frames / (double) rate, shortNumber(maxSeconds)));
    }
  }

  /** Decoding stopped at {@code framesSoFar} because the limit was reached (the length was not declared). */
  static AudioTooLongException tooLongSoFar(String where, long framesSoFar, long rate, double maxSeconds) {
    return new AudioTooLongException(String.format(Locale.ROOT, "%s: audio lasts longer than the limit "
        + "of %s s (decoding stopped at %.1f s)", where, shortNumber(maxSeconds), framesSoFar / (double) rate));
  }

  /** Largest number of sample frames within {@code maxSeconds} at {@code rate}. */
  static long maxFrames(double maxSeconds, long rate) {
    double f = Math.floor(maxSeconds * rate);
    return f >= Long.MAX_VALUE / 64 ? Long.MAX_VALUE / 64 : (long) f;
  }

  /**
   * A floating-point sample as decoded, or an error naming it when it is not finite or outside
   * [-{@link #MAX_FLOAT_SAMPLE}, {@link #MAX_FLOAT_SAMPLE}].
   */
  static float checkFloatSample(String where, float v, long index) throws AudioFormatException {
    if (v >= -MAX_FLOAT_SAMPLE && v <= MAX_FLOAT_SAMPLE) return v;
    throw new AudioFormatException(where + ": sample " + index + " is " + v + ", outside the accepted range ["
        + -MAX_FLOAT_SAMPLE + ", " + MAX_FLOAT_SAMPLE + "] (float audio must be in [-1, 1]; was 16-bit PCM sent as "
        + "float?)");
  }

  static String shortNumber(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

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
