package org.acmasr.train.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Binary layout of one cached feature matrix, all little-endian:
 * <pre>
 *  0  int   magic "ACMF" (bytes 41 43 4D 46)
 *  4  int   format version ({@link #VERSION})
 *  8  int   frames
 * 12  int   bins
 * 16  long  clip size in bytes
 * 24  long  clip last-modified time, ms since the epoch
 * 32  long  {@link FeatureCache#configHash front-end hash}
 * 40  int   CRC-32 of the payload
 * 44  float32[frames * bins], frame after frame
 * </pre>
 */
final class FeatureFile {
  static final int VERSION = 1;
  static final int HEADER_BYTES = 44;
  private static final int MAGIC = 0x464D4341; // "ACMF" read as a little-endian int

  private FeatureFile() {}

  /** What a cache file must describe to be used: this clip version, this front end. */
  record Key(long clipSize, long clipMtimeMillis, long configHash, int bins) {}

  static byte[] encode(Key key, float[][] features) {
    int frames = features.length;
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 4 * frames * key.bins()).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(VERSION).putInt(frames).putInt(key.bins())
        .putLong(key.clipSize()).putLong(key.clipMtimeMillis()).putLong(key.configHash()).putInt(0);
    for (float[] f : features) {
      if (f.length != key.bins()) {
        throw new IllegalArgumentException("features: a frame has " + f.length + " bins, expected " + key.bins());
      }
      for (float v : f) b.putFloat(v);
    }
    byte[] bytes = b.array();
    b.putInt(40, crc(bytes));
    return bytes;
  }

  /**
   * The features stored in {@code bytes}, or null when they are unusable: damaged or truncated (bad magic,
   * version, sizes or checksum) or written for another clip version or front end.
   */
  static float[][] decode(byte[] bytes, Key key) {
    if (bytes.length < HEADER_BYTES) return null;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION) return null;
    int frames = b.getInt(8);
    int bins = b.getInt(12);
    if (frames < 0 || bins != key.bins() || bytes.length != HEADER_BYTES + 4L * frames * bins) return null;
    if (b.getLong(16) != key.clipSize() || b.getLong(24) != key.clipMtimeMillis()
        || b.getLong(32) != key.configHash()) {
      return null;
    }
    if (b.getInt(40) != crc(bytes)) return null;
    b.position(HEADER_BYTES);
    float[][] out = new float[frames][bins];
    for (float[] f : out) {
      for (int j = 0; j < bins; j++) f[j] = b.getFloat();
    }
    return out;
  }

  private static int crc(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
    return (int) c.getValue();
  }
}
