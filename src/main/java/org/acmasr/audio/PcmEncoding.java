package org.acmasr.audio;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Headerless sample encodings accepted from clients that declare their format. */
public enum PcmEncoding {
  /** Signed 16-bit little-endian integers. */
  PCM_S16LE("pcm_s16le", 2),
  /** IEEE 754 32-bit little-endian floats in [-1, 1]. */
  PCM_F32LE("pcm_f32le", 4);

  private final String wireName;
  private final int bytesPerSample;

  PcmEncoding(String wireName, int bytesPerSample) {
    this.wireName = wireName;
    this.bytesPerSample = bytesPerSample;
  }

  /** The name used on the wire and on the command line, e.g. {@code pcm_s16le}. */
  public String wireName() {
    return wireName;
  }

  public int bytesPerSample() {
    return bytesPerSample;
  }

  /** Parses a wire name case-insensitively; the error lists the accepted names. */
  public static PcmEncoding parse(String name) throws AudioFormatException {
    if (name != null) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      for (PcmEncoding e : values()) {
        if (e.wireName.equals(n)) {
          return e;
        }
      }
    }
    throw new AudioFormatException("unsupported PCM encoding '" + name + "', expected one of "
        + Arrays.stream(values()).map(PcmEncoding::wireName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
