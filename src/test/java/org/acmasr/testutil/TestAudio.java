package org.acmasr.testutil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Builds audio fixtures in memory: signals and WAV files of every supported sample format. */
public final class TestAudio {
  private TestAudio() {}

  /** A sum of sines plus a little noise, in [-0.8, 0.8]; interleaved when channels > 1. */
  public static float[] signal(int frames, int channels, int rate, long seed) {
    Random r = new Random(seed);
    float[] s = new float[frames * channels];
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < channels; c++) {
        double t = (double) f / rate;
        double v = 0.4 * Math.sin(2 * Math.PI * (220 + 110 * c) * t) + 0.2 * Math.sin(2 * Math.PI * 1234 * t)
            + 0.05 * r.nextGaussian();
        s[f * channels + c] = (float) Math.max(-0.8, Math.min(0.8, v));
      }
    }
    return s;
  }

  public static float[] sine(double hz, double amplitude, int frames, int rate) {
    float[] s = new float[frames];
    for (int i = 0; i < frames; i++) s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    return s;
  }

  /** WAV sample formats the tests write. */
  public enum WavFormat {
    PCM8(1, 8), PCM16(1, 16), PCM24(1, 24), PCM32(1, 32), FLOAT32(3, 32), FLOAT64(3, 64), MULAW(7, 8), ALAW(6, 8);

    public final int tag;
    public final int bits;

    WavFormat(int tag, int bits) {
      this.tag = tag;
      this.bits = bits;
    }
  }

  /** A canonical RIFF/WAVE file holding {@code interleaved} in the given format. */
  public static byte[] wav(float[] interleaved, int channels, int rate, WavFormat fmt) {
    return wav(interleaved, channels, rate, fmt, false);
  }

  public static byte[] wav(float[] interleaved, int channels, int rate, WavFormat fmt, boolean extensible) {
    int bytesPer = fmt.bits / 8;
    int dataLen = interleaved.length * bytesPer;
    int fmtLen = extensible ? 40 : 16;
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtLen + 8 + dataLen + (dataLen & 1)).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(fmtLen);
    b.putShort((short) (extensible ? 0xFFFE : fmt.tag)).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * bytesPer).putShort((short) (channels * bytesPer)).putShort((short) fmt.bits);
    if (extensible) {
      b.putShort((short) 22).putShort((short) fmt.bits).putInt(0).putShort((short) fmt.tag);
      b.put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
    }
    b.put("data".getBytes()).putInt(dataLen);
    for (float v : interleaved) {
      switch (fmt) {
        case PCM8 -> b.put((byte) (Math.round(v * 127) + 128));
        case PCM16 -> b.putShort((short) Math.round(v * 32767));
        case PCM24 -> {
          int x = Math.round(v * 8388607);
          b.put((byte) x).put((byte) (x >> 8)).put((byte) (x >> 16));
        }
        case PCM32 -> b.putInt((int) Math.round(v * 2147483647.0));
        case FLOAT32 -> b.putFloat(v);
        case FLOAT64 -> b.putDouble(v);
        case MULAW -> b.put(linearToUlaw(Math.round(v * 32767)));
        case ALAW -> b.put(linearToAlaw(Math.round(v * 32767)));
      }
    }
    return b.array();
  }

  /** Reference G.711 mu-law encoder (Sun's g711.c). */
  static byte linearToUlaw(int pcm) {
    int mask;
    pcm >>= 2;
    if (pcm < 0) {
      pcm = -pcm;
      mask = 0x7F;
    } else {
      mask = 0xFF;
    }
    if (pcm > 8159) pcm = 8159;
    pcm += 0x21;
    int seg = segment(pcm, new int[] {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF});
    int uval = (seg << 4) | ((pcm >> (seg + 1)) & 0xF);
    return (byte) (uval ^ mask);
  }

  /** Reference G.711 A-law encoder (Sun's g711.c). */
  static byte linearToAlaw(int pcm) {
    int mask;
    pcm >>= 3;
    if (pcm >= 0) {
      mask = 0xD5;
    } else {
      mask = 0x55;
      pcm = -pcm - 1;
    }
    int seg = segment(pcm, new int[] {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF});
    int aval;
    if (seg >= 8) {
      aval = 0x7F;
    } else {
      aval = seg << 4;
      aval |= seg < 2 ? (pcm >> 1) & 0xF : (pcm >> seg) & 0xF;
    }
    return (byte) (aval ^ mask);
  }

  private static int segment(int v, int[] table) {
    for (int i = 0; i < table.length; i++) if (v <= table[i]) return i;
    return table.length;
  }

  /** Largest absolute difference. */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) throw new AssertionError("length " + a.length + " != " + b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }

  public static double rms(float[] a, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) s += (double) a[i] * a[i];
    return Math.sqrt(s / Math.max(1, to - from));
  }
}
