package org.acmasr.audio;

import java.io.ByteArrayInputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/** MPEG-1/2/2.5 audio (layers I-III) through JLayer. Common Voice clips are MPEG layer III. */
final class Mp3Decoder {
  /** Corrupt frames tolerated before the input is declared not to be MP3 at all. */
  private static final int MAX_BAD_FRAMES = 16;

  private Mp3Decoder() {}

  static boolean looksLikeMp3(byte[] b) {
    if (b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
      return true;
    }
    // MPEG audio frame sync: 11 set bits, a valid version and layer.
    return b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0
        && (b[1] & 0x18) != 0x08 && (b[1] & 0x06) != 0;
  }

  static DecodedAudio decode(byte[] bytes, double maxSeconds) throws AudioFormatException {
    LameTag gapless = LameTag.parse(bytes);
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    Bitstream stream = new Bitstream(in);
    Decoder decoder = new Decoder();
    // ~12 samples per byte at 128 kbit/s; the duration limit caps it long before a huge body could
    FloatBuffer out = new FloatBuffer((int) Math.min(bytes.length * 12L, 1 << 22));
    long maxFrames = Long.MAX_VALUE;
    long frameBytes = 0; // bytes of the frames that decoded: the rest of the input was skipped as undecodable
    int rate = -1;
    int channels = -1;
    int frames = 0;
    int badFrames = 0;
    try {
      while (true) {
        Header header;
        try {
          header = stream.readFrame();
        } catch (BitstreamException | RuntimeException e) {
          if (frames > 0) {
            break; // damaged data after good audio: keep what decoded, unless too much is lost (below)
          }
          throw new AudioFormatException("MP3: no valid MPEG audio frame found (" + describe(e) + ")", e);
        }
        if (header == null) {
          break;
        }
        int frameRate = header.frequency();
        int frameChannels = header.mode() == Header.SINGLE_CHANNEL ? 1 : 2;
        if (rate < 0) {
          AudioLimits.checkSampleRate("MP3", frameRate);
          rate = frameRate;
          channels = frameChannels;
          maxFrames = AudioLimits.maxFrames(maxSeconds, rate);
        } else if (frameRate != rate || frameChannels != channels) {
          throw new AudioFormatException("MP3: frame " + frames + " switches from " + rate + " Hz/" + channels
              + " ch to " + frameRate + " Hz/" + frameChannels + " ch; mixed formats are not supported");
        }
        SampleBuffer buf;
        try {
          buf = (SampleBuffer) decoder.decodeFrame(header, stream);
        } catch (DecoderException | RuntimeException e) {
          if (++badFrames > MAX_BAD_FRAMES) {
            throw new AudioFormatException("MP3: more than " + MAX_BAD_FRAMES + " corrupt frames ("
                + describe(e) + ")", e);
          }
          stream.closeFrame();
          continue;
        }
        short[] pcm = buf.getBuffer();
        int n = buf.getBufferLength();
        if (buf.getChannelCount() != channels) {
          // JLayer decodes mono streams into a single channel; anything else is a decoder mismatch.
          throw new AudioFormatException("MP3: decoder produced " + buf.getChannelCount()
              + " channels for a " + channels + "-channel frame");
        }
        frameBytes += header.framesize + 4L; // framesize excludes the 4-byte header
        if (frames == 0 && gapless.infoFrame()) {
          gapless = new LameTag(false, gapless.delay(), gapless.padding()); // metadata frame: no audio
          stream.closeFrame();
          continue;
        }
        if ((out.size() + (long) n) / channels > maxFrames) {
          throw AudioLimits.tooLongSoFar("MP3", out.size() / channels, rate, maxSeconds);
        }
        out.ensure(n);
        for (int i = 0; i < n; i++) {
          out.add(pcm[i] / 32768f);
        }
        frames++;
        stream.closeFrame();
      }
    } finally {
      try {
        stream.close();
      } catch (BitstreamException ignored) {
        // in-memory stream: nothing to release
      }
    }
    if (frames == 0) {
      throw new AudioFormatException("MP3: no decodable MPEG audio frame in " + bytes.length + " bytes");
    }
    // Bytes neither in a tag nor in a decoded frame: corrupt frames the decoder skipped or resynchronised
    // past, or damage after which nothing decoded. A frame cut short at the end (a recording stopped
    // mid-write) and an ID3v1 tag stay under the 2 KiB allowance.
    long audioBytes = bytes.length - (long) Math.max(0, stream.header_pos());
    long lost = audioBytes - frameBytes;
    if (lost > 2048) {
      AudioLimits.checkUndecodable("MP3", lost + " of " + audioBytes + " bytes", lost / (double) audioBytes,
          out.size() / (double) channels / rate);
    }
    // Trim encoder delay and padding (gapless), never below one sample frame.
    int total = out.size() / channels;
    int from = Math.min(gapless.skipStart(), total - 1);
    int to = Math.max(from + 1, total - gapless.skipEnd());
    float[] all = out.toArray();
    return new DecodedAudio(rate, channels, java.util.Arrays.copyOfRange(all, from * channels, to * channels));
  }

  private static String describe(Exception e) {
    if (e instanceof RuntimeException) return "undecodable frame data"; // JLayer's internals mean nothing to a client
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
