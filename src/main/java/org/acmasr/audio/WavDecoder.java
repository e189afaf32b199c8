package org.acmasr.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * RIFF/WAVE and RF64 decoder: integer PCM (8, 16, 24, 32 bit), IEEE float (32, 64 bit), G.711 A-law
 * and mu-law, WAVE_FORMAT_EXTENSIBLE wrappers of those, any channel count up to the limit.
 */
final class WavDecoder {
  private static final int TAG_PCM = 0x0001;
  private static final int TAG_FLOAT = 0x0003;
  private static final int TAG_ALAW = 0x0006;
  private static final int TAG_MULAW = 0x0007;
  private static final int TAG_EXTENSIBLE = 0xFFFE;
  private static final long PLACEHOLDER_SIZE = 0xFFFFFFFFL;

  private WavDecoder() {}

  static boolean looksLikeWav(byte[] b) {
    return b.length >= 12 && (startsWith(b, "RIFF") || startsWith(b, "RF64") || startsWith(b, "RIFX"))
        && b[8] == 'W' && b[9] == 'A' && b[10] == 'V' && b[11] == 'E';
  }

  static DecodedAudio decode(byte[] bytes, double maxSeconds) throws AudioFormatException {
    if (bytes.length < 12) {
      throw new AudioFormatException("WAV: truncated header (" + bytes.length + " bytes, need at least 12)");
    }
    if (startsWith(bytes, "RIFX")) {
      throw new AudioFormatException("WAV: big-endian RIFX files are not supported");
    }
    boolean rf64 = startsWith(bytes, "RF64");
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    bb.position(12);
    Fmt fmt = null;
    while (bb.remaining() >= 8) {
      int chunkStart = bb.position();
      String id = fourcc(bb);
      long size = Integer.toUnsignedLong(bb.getInt());
      int available = bb.remaining();
      if (id.equals("fmt ")) {
        if (size < 16) {
          throw new AudioFormatException("WAV: fmt chunk is " + size + " bytes, need at least 16");
        }
        if (size > available) {
          throw new AudioFormatException("WAV: truncated header: fmt chunk declares " + size + " bytes but only "
              + available + " remain");
        }
        fmt = Fmt.parse(bb.slice(bb.position(), (int) size).order(ByteOrder.LITTLE_ENDIAN));
      } else if (id.equals("data")) {
        if (fmt == null) {
          throw new AudioFormatException("WAV: data chunk at byte " + chunkStart + " comes before any fmt chunk");
        }
        long length = size;
        if (size == PLACEHOLDER_SIZE || size == 0 || rf64) {
          length = available; // streaming writers and RF64 leave the size open
        } else if (size > available) {
          throw new AudioFormatException("WAV: truncated file: data chunk declares " + size + " bytes but only "
              + available + " remain");
        }
        AudioLimits.checkDuration("WAV", length / fmt.blockAlign(), fmt.sampleRate(), maxSeconds);
        return fmt.decode(bytes, bb.position(), (int) length);
      }
      long next = (long) bb.position() + size + (size & 1);
      if (next > bytes.length) {
        break;
      }
      bb.position((int) next);
    }
    if (fmt == null) {
      throw new AudioFormatException("WAV: no fmt chunk found (truncated header?)");
    }
    throw new AudioFormatException("WAV: no data chunk found");
  }

  private record Fmt(int tag, int channels, int sampleRate, int blockAlign, int bits) {

    static Fmt parse(ByteBuffer b) throws AudioFormatException {
      int tag = Short.toUnsignedInt(b.getShort());
      int channels = Short.toUnsignedInt(b.getShort());
      long rate = Integer.toUnsignedLong(b.getInt());
      b.getInt(); // byte rate: derived, not trusted
      int blockAlign = Short.toUnsignedInt(b.getShort());
      int bits = Short.toUnsignedInt(b.getShort());
      if (tag == TAG_EXTENSIBLE) {
        if (b.remaining() < 2 + 22) {
          throw new AudioFormatException("WAV: WAVE_FORMAT_EXTENSIBLE fmt chunk is too short for its sub-format");
        }
        b.getShort(); // cbSize
        b.getShort(); // valid bits per sample: the container size `bits` is what we read
        b.getInt(); // channel mask
        tag = Short.toUnsignedInt(b.getShort()); // first two bytes of the sub-format GUID
      }
      AudioLimits.checkChannels("WAV", channels);
      AudioLimits.checkSampleRate("WAV", rate);
      boolean ok = switch (tag) {
        case TAG_PCM -> bits == 8 || bits == 16 || bits == 24 || bits == 32;
        case TAG_FLOAT -> bits == 32 || bits == 64;
        case TAG_ALAW, TAG_MULAW -> bits == 8;
        default -> throw new AudioFormatException("WAV: unsupported codec " + codecName(tag)
            + "; supported: PCM, IEEE float, A-law, mu-law");
      };
      if (!ok) {
        throw new AudioFormatException("WAV: " + codecName(tag) + " with " + bits + " bits per sample is not supported");
      }
      int expectedAlign = channels * bits / 8;
      if (blockAlign != expectedAlign) {
        throw new AudioFormatException("WAV: block align " + blockAlign + " does not match " + channels
            + " channel(s) x " + bits + " bits (expected " + expectedAlign + ")");
      }
      return new Fmt(tag, channels, (int) rate, blockAlign, bits);
    }

    DecodedAudio decode(byte[] bytes, int off, int length) throws AudioFormatException {
      if (length % blockAlign != 0) {
        throw new AudioFormatException("WAV: data length " + length + " is not a multiple of the block align "
            + blockAlign + " (truncated file?)");
      }
      int n = length / (bits / 8);
      float[] out = new float[n];
      ByteBuffer b = ByteBuffer.wrap(bytes, off, length).order(ByteOrder.LITTLE_ENDIAN);
      switch (tag) {
        case TAG_PCM -> {
          switch (bits) {
            case 8 -> {
              for (int i = 0; i < n; i++) out[i] = ((b.get() & 0xFF) - 128) / 128f;
            }
            case 16 -> {
              for (int i = 0; i < n; i++) out[i] = b.getShort() / 32768f;
            }
            case 24 -> {
              for (int i = 0; i < n; i++) {
                int v = (b.get() & 0xFF) | (b.get() & 0xFF) << 8 | b.get() << 16;
                out[i] = v / 8388608f;
              }
            }
            default -> {
              for (int i = 0; i < n; i++) out[i] = (float) (b.getInt() / 2147483648.0);
            }
          }
        }
        case TAG_FLOAT -> {
          for (int i = 0; i < n; i++) {
            double v = bits == 32 ? b.getFloat() : b.getDouble();
            out[i] = AudioLimits.checkFloatSample("WAV float", (float) v, i);
          }
        }
        case TAG_ALAW -> {
          for (int i = 0; i < n; i++) out[i] = G711.alaw(b.get()) / 32768f;
        }
        default -> {
          for (int i = 0; i < n; i++) out[i] = G711.ulaw(b.get()) / 32768f;
        }
      }
      return new DecodedAudio(sampleRate, channels, out);
    }
  }

  private static String codecName(int tag) {
    return switch (tag) {
      case 0x0002 -> "0x0002 (Microsoft ADPCM)";
      case 0x0011 -> "0x0011 (IMA ADPCM)";
      case 0x0031 -> "0x0031 (GSM 6.10)";
      case 0x0050 -> "0x0050 (MPEG)";
      case 0x0055 -> "0x0055 (MPEG layer 3)";
      case TAG_PCM -> "PCM";
      case TAG_FLOAT -> "IEEE float";
      case TAG_ALAW -> "A-law";
      case TAG_MULAW -> "mu-law";
      default -> String.format("0x%04X", tag);
    };
  }

  private static String fourcc(ByteBuffer bb) {
    char[] c = new char[4];
    for (int i = 0; i < 4; i++) {
      int v = bb.get() & 0xFF;
      c[i] = v >= 32 && v < 127 ? (char) v : '?';
    }
    return new String(c);
  }

  private static boolean startsWith(byte[] b, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (b[i] != ascii.charAt(i)) return false;
    }
    return true;
  }
}
