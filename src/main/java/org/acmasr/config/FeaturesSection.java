package org.acmasr.config;

import org.acmasr.features.FbankConfig;
import org.acmasr.features.WindowType;

/**
 * The {@code features} section documents the log-mel front end ({@link FbankConfig}'s keys). The
 * model file fixes the front end a server runs, so nothing is configured by it; it is still checked,
 * so that a typo or a bad value there is reported like anywhere else.
 */
final class FeaturesSection {
  private FeaturesSection() {}

  static void check(Settings s) {
    FbankConfig d = FbankConfig.defaults();
    String window = s.getString("features.window", "povey");
    WindowType w;
    try {
      w = WindowType.parse(window);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("features.window = \"" + window + "\"" + s.where("features.window")
          + ": must be povey, hann or hamming");
    }
    try {
      new FbankConfig(s.getInt("features.sample_rate", d.sampleRate()), s.getInt("features.num_mel_bins", d.numMelBins()),
          s.getDouble("features.frame_length_ms", d.frameLengthMs()),
          s.getDouble("features.frame_shift_ms", d.frameShiftMs()), w,
          s.getDouble("features.preemphasis", d.preemphasis()),
          s.getBoolean("features.remove_dc_offset", d.removeDcOffset()), s.getDouble("features.low_freq", d.lowFreq()),
          s.getDouble("features.high_freq", d.highFreq()), s.getDouble("features.log_floor", d.logFloor()),
          s.getDouble("features.dither", d.dither()), s.getLong("features.dither_seed", d.ditherSeed()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replaceFirst("^fbank\\.", "features."));
    }
  }
}
