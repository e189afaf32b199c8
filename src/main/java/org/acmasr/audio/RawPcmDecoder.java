package org.acmasr.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes headerless PCM, either whole ({@link #decode}) or as a stream of messages that each hold
 * whole sample frames ({@link #accept}; the WebSocket protocol requires it and refuses other messages
 * before they get here). One instance per stream; not thread-safe.
 */
public final class RawPcmDecoder {
  private final RawPcmFormat format;
  private long samplesDone;

  public RawPcmDecoder(RawPcmFormat format) {
    this.format = format;
  }

  public RawPcmFormat format() {
    return format;
  }

  /** Decodes a complete buffer; its length must be a whole number of sample frames. */
  public static DecodedAudio decode(byte[] bytes, RawPcmFormat format) throws AudioFormatException {
    return decode(bytes, format, AudioLimits.UNLIMITED_SECONDS);
  }

  /** {@link #decode(byte[], RawPcmFormat)}, refusing more than {@code maxSeconds} before converting anything. */
  public static DecodedAudio decode(byte[] bytes, RawPcmFormat format, double maxSeconds) throws AudioFormatException {
    checkWholeFrames(bytes.length, format);
    AudioLimits.checkDuration("raw " + format.encoding(), bytes.length / format.bytesPerFrame(), format.sampleRate(),
        maxSeconds);
    return new DecodedAudio(format.sampleRate(), format.channels(), convert(bytes, 0, bytes.length, format.encoding(), 0));
  }

  /**
   * Decodes the next message of a stream: {@code len} bytes from {@code off}, a whole number of sample frames.
   *
   * @return interleaved float samples
   * @throws AudioFormatException when {@code len} is not a whole number of sample frames, or a float
   *     sample is not finite or out of range (see {@link AudioLimits#MAX_FLOAT_SAMPLE}, naming its index
   *     in the stream); the message is then dropped whole
   */
  public float[] accept(byte[] chunk, int off, int len) throws AudioFormatException {
    checkWholeFrames(len, format);
    float[] out = convert(chunk, off, len, format.encoding(), samplesDone);
    samplesDone += out.length;
    return out;
  }

  private static void checkWholeFrames(int length, RawPcmFormat format) throws AudioFormatException {
    int frameBytes = format.bytesPerFrame();
    if (length % frameBytes != 0) {
      throw new AudioFormatException("raw " + format.encoding() + ": byte count " + length
          + " is not a multiple of " + frameBytes + " (" + format.encoding().bytesPerSample()
          + " bytes per sample x " + format.channels() + " channel(s))");
    }
  }

  /** @param first index of the first sample in the stream (for error messages) */
  private static float[] convert(byte[] bytes, int off, int len, PcmEncoding encoding, long first)
      throws AudioFormatException {
    ByteBuffer bb = ByteBuffer.wrap(bytes, off, len).order(ByteOrder.LITTLE_ENDIAN);
    int n = len / encoding.bytesPerSample();
    float[] out = new float[n];
    switch (encoding) {
      case PCM_S16LE -> {
        for (int i = 0; i < n; i++) {
          out[i] = bb.getShort() / 32768f;
        }
      }
      case PCM_F32LE -> {
        for (int i = 0; i < n; i++) {
          out[i] = AudioLimits.checkFloatSample("pcm_f32le", bb.getFloat(), first + i);
        }
      }
    }
    return out;
  }
}
