package org.acmasr.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes headerless PCM, either whole ({@link #decode}) or as a stream of arbitrarily split byte
 * chunks ({@link #accept}), where a sample frame cut across two chunks is carried over.
 * One instance per stream; not thread-safe.
 */
public final class RawPcmDecoder {
  private final RawPcmFormat format;
  private final byte[] carry;
  private int carryLen;
  private long samplesDone;

  public RawPcmDecoder(RawPcmFormat format) {
    this.format = format;
    this.carry = new byte[format.bytesPerFrame()];
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
    int frameBytes = format.bytesPerFrame();
    if (bytes.length % frameBytes != 0) {
      throw new AudioFormatException("raw " + format.encoding() + ": byte count " + bytes.length
          + " is not a multiple of " + frameBytes + " (" + format.encoding().bytesPerSample()
          + " bytes per sample x " + format.channels() + " channel(s))");
    }
    AudioLimits.checkDuration("raw " + format.encoding(), bytes.length / frameBytes, format.sampleRate(), maxSeconds);
    return new DecodedAudio(format.sampleRate(), format.channels(), convert(bytes, 0, bytes.length, format.encoding(), 0));
  }

  /**
   * Decodes the next chunk of a stream. Bytes that do not complete a sample frame are kept for the
   * next call.
   *
   * @return interleaved float samples of every frame completed by this chunk (may be empty)
   * @throws AudioFormatException when a float sample is not finite or out of range (see
   *     {@link AudioLimits#MAX_FLOAT_SAMPLE}); the chunk is then dropped whole
   */
  public float[] accept(byte[] chunk, int off, int len) throws AudioFormatException {
    int frameBytes = format.bytesPerFrame();
    int total = carryLen + len;
    int usable = total - total % frameBytes;
    byte[] joined;
    int start;
    if (carryLen == 0) {
      joined = chunk;
      start = off;
    } else {
      joined = new byte[usable];
      int fromChunk = Math.min(len, usable - carryLen);
      if (usable > 0) {
        System.arraycopy(carry, 0, joined, 0, carryLen);
        System.arraycopy(chunk, off, joined, carryLen, fromChunk);
      }
      start = 0;
    }
    float[] out = usable > 0 ? convert(joined, start, usable, format.encoding(), samplesDone) : new float[0];
    samplesDone += out.length;
    // Keep the tail that does not complete a frame.
    int rest = total - usable;
    if (rest > 0) {
      byte[] tail = new byte[rest];
      // The tail is the last `rest` bytes of carry+chunk.
      int fromChunk = Math.min(rest, len);
      int fromCarry = rest - fromChunk;
      System.arraycopy(carry, carryLen - fromCarry, tail, 0, fromCarry);
      System.arraycopy(chunk, off + len - fromChunk, tail, fromCarry, fromChunk);
      System.arraycopy(tail, 0, carry, 0, rest);
    }
    carryLen = rest;
    return out;
  }

  /** Bytes held back because they do not yet complete a sample frame. */
  public int pendingBytes() {
    return carryLen;
  }

  /**
   * Ends the stream.
   *
   * @throws AudioFormatException if the stream stopped in the middle of a sample frame
   */
  public void finish() throws AudioFormatException {
    if (carryLen != 0) {
      int n = carryLen;
      Arrays.fill(carry, (byte) 0);
      carryLen = 0;
      throw new AudioFormatException("raw " + format.encoding() + ": stream ended with " + n
          + " byte(s) of an incomplete sample frame (" + format.bytesPerFrame() + " bytes per frame)");
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
