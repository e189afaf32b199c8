package org.acmasr.audio;

/**
 * The declared format of headerless PCM.
 *
 * @param encoding   sample encoding
 * @param sampleRate samples per second per channel
 * @param channels   interleaved channel count
 */
public record RawPcmFormat(PcmEncoding encoding, int sampleRate, int channels) {

  /** Validates a declaration; the message names the offending value. */
  public static RawPcmFormat of(PcmEncoding encoding, int sampleRate, int channels) throws AudioFormatException {
    if (encoding == null) {
      throw new AudioFormatException("raw PCM: encoding must be declared");
    }
    AudioLimits.checkSampleRate("raw PCM", sampleRate);
    AudioLimits.checkChannels("raw PCM", channels);
    return new RawPcmFormat(encoding, sampleRate, channels);
  }

  /** Bytes in one sample frame (all channels). */
  public int bytesPerFrame() {
    return encoding.bytesPerSample() * channels;
  }
}
