package org.acmasr.decode;

import static org.acmasr.check.Require.require;

/** The decoders' time checks; messages name the setting and the offending value. */
final class Checks {
  private Checks() {}

  /** A frame duration: finite and positive. */
  static double frameSeconds(double seconds) {
    require(seconds > 0 && Double.isFinite(seconds), "decode.frame_seconds", seconds, "must be a finite number > 0");
    return seconds;
  }

  /** A segment start time: finite and not negative. */
  static double timeOffset(double seconds) {
    require(seconds >= 0 && Double.isFinite(seconds), "decode.time_offset", seconds,
        "must be a finite number >= 0");
    return seconds;
  }
}
