package org.acmasr.audio;

/**
 * Reads the Xing/Info frame and the LAME extension that encoders put in the first MPEG frame, so the
 * decoder can drop that (silent) frame and trim the encoder delay and padding: the decoded length
 * then equals the original recording ("gapless" decoding, as mpg123 and ffmpeg do).
 *
 * @param infoFrame true when the first frame is a Xing/Info frame (metadata, not audio)
 * @param delay     encoder delay in samples per channel (0 if unknown)
 * @param padding   end padding in samples per channel (0 if unknown)
 */
record LameTag(boolean infoFrame, int delay, int padding) {
  /** Delay of the standard layer III synthesis filterbank, added by every conforming decoder. */
  static final int DECODER_DELAY = 529;
  static final LameTag NONE = new LameTag(false, 0, 0);

  /** Samples to drop from the start of the decoded audio (after the info frame). */
  int skipStart() {
    return delay > 0 ? delay + DECODER_DELAY : 0;
  }

  /** Samples to drop from the end of the decoded audio. */
  int skipEnd() {
    return Math.max(0, padding - DECODER_DELAY);
  }

  static LameTag parse(byte[] b) {
    int pos = 0;
    if (b.length >= 10 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
      int size = (b[6] & 0x7F) << 21 | (b[7] & 0x7F) << 14 | (b[8] & 0x7F) << 7 | (b[9] & 0x7F);
      pos = 10 + size + ((b[5] & 0x10) != 0 ? 10 : 0);
    }
    if (pos < 0 || pos + 4 > b.length || (b[pos] & 0xFF) != 0xFF || (b[pos + 1] & 0xE0) != 0xE0) {
      return NONE;
    }
    int version = (b[pos + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    int layer = (b[pos + 1] >> 1) & 3; // 1 = layer III
    boolean crc = (b[pos + 1] & 1) == 0;
    boolean mono = ((b[pos + 3] >> 6) & 3) == 3;
    if (layer != 1 || version == 1) {
      return NONE;
    }
    int sideInfo = version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
    int x = pos + 4 + (crc ? 2 : 0) + sideInfo;
    if (x + 8 > b.length || !(is(b, x, "Xing") || is(b, x, "Info"))) {
      return NONE;
    }
    int flags = readInt(b, x + 4);
    int p = x + 8;
    if ((flags & 1) != 0) p += 4; // frame count
    if ((flags & 2) != 0) p += 4; // byte count
    if ((flags & 4) != 0) p += 100; // seek table
    if ((flags & 8) != 0) p += 4; // quality
    // LAME extension: 9-byte encoder name, ..., delay/padding packed as 12 + 12 bits at offset 21.
    if (p + 24 > b.length || !(is(b, p, "LAME") || is(b, p, "Lavc") || is(b, p, "Lavf"))) {
      return new LameTag(true, 0, 0);
    }
    int d0 = b[p + 21] & 0xFF;
    int d1 = b[p + 22] & 0xFF;
    int d2 = b[p + 23] & 0xFF;
    return new LameTag(true, d0 << 4 | d1 >> 4, (d1 & 0x0F) << 8 | d2);
  }

  private static boolean is(byte[] b, int at, String ascii) {
    for (int i = 0; i < 4; i++) {
      if (b[at + i] != ascii.charAt(i)) return false;
    }
    return true;
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }
}
