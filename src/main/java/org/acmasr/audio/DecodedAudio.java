package org.acmasr.audio;

/**
 * Audio as it came out of a decoder: interleaved float samples in [-1, 1] at the source rate.
 *
 * @param sampleRate  source sample rate in Hz
 * @param channels    number of interleaved channels (at least 1)
 * @param interleaved samples, frame-major: [frame0ch0, frame0ch1, ..., frame1ch0, ...]
 */
public record DecodedAudio(int sampleRate, int channels, float[] interleaved) {

  public DecodedAudio {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1, got " + channels);
    }
    if (interleaved.length % channels != 0) {
      throw new IllegalArgumentException("interleaved length " + interleaved.length
          + " is not a multiple of channels " + channels);
    }
  }

  /** Number of sample frames (samples per channel). */
  public int frames() {
    return interleaved.length / channels;
  }

  public double durationSeconds() {
    return frames() / (double) sampleRate;
  }

  /** Averages the channels into one. */
  public float[] downmix() {
    return Downmix.toMono(interleaved, channels);
  }
}
