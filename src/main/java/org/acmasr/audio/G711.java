package org.acmasr.audio;

/** ITU-T G.711 A-law and mu-law expansion to 16-bit linear values. */
final class G711 {
  private G711() {}

  static int ulaw(byte code) {
    int u = ~code & 0xFF;
    int t = ((u & 0x0F) << 3) + 0x84;
    t <<= (u & 0x70) >> 4;
    return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
  }

  static int alaw(byte code) {
    int a = (code ^ 0x55) & 0xFF;
    int t = (a & 0x0F) << 4;
    int seg = (a & 0x70) >> 4;
    switch (seg) {
      case 0 -> t += 8;
      case 1 -> t += 0x108;
      default -> {
        t += 0x108;
        t <<= seg - 1;
      }
    }
    return (a & 0x80) != 0 ? t : -t;
  }
}
