package org.acmasr.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/** FLAC (8, 16 and 24 bit, any channel count jflac supports) through jflac. */
final class FlacDecoder {
  private FlacDecoder() {}

  static boolean looksLikeFlac(byte[] b) {
    return b.length >= 4 && b[0] == 'f' && b[1] == 'L' && b[2] == 'a' && b[3] == 'C';
  }

  static DecodedAudio decode(byte[] bytes) throws AudioFormatException {
    FLACDecoder decoder = new FLACDecoder(new ByteArrayInputStream(bytes));
    Collector collector = new Collector(bytes.length);
    decoder.addPCMProcessor(collector);
    StreamInfo info = null;
    try {
      for (Metadata m : decoder.readMetadata()) {
        if (m instanceof StreamInfo si) {
          info = si;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new AudioFormatException("FLAC: truncated or corrupt header (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
    if (info == null) {
      throw new AudioFormatException("FLAC: missing STREAMINFO block");
    }
    AudioLimits.checkChannels("FLAC", info.getChannels());
    AudioLimits.checkSampleRate("FLAC", info.getSampleRate());
    int bits = info.getBitsPerSample();
    if (bits != 8 && bits != 16 && bits != 24) {
      throw new AudioFormatException("FLAC: " + bits + " bits per sample is not supported (8, 16 or 24)");
    }
    collector.configure(info);
    try {
      decoder.decodeFrames();
    } catch (IOException | RuntimeException e) {
      if (collector.samples.size() == 0) {
        throw new AudioFormatException("FLAC: corrupt audio frames (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
      }
      // keep the audio decoded before the damage
    }
    if (collector.failure != null) {
      throw collector.failure;
    }
    if (collector.samples.size() == 0) {
      throw new AudioFormatException("FLAC: stream contains no audio frames");
    }
    int channels = info.getChannels();
    float[] s = collector.samples.toArray();
    int whole = s.length - s.length % channels;
    return new DecodedAudio(info.getSampleRate(), channels, whole == s.length ? s : java.util.Arrays.copyOf(s, whole));
  }

  /** Receives little-endian PCM bytes from jflac (8-bit is offset binary). */
  private static final class Collector implements PCMProcessor {
    final FloatBuffer samples;
    int bytesPerSample;
    AudioFormatException failure;

    Collector(int sizeHint) {
      samples = new FloatBuffer(sizeHint);
    }

    void configure(StreamInfo info) {
      bytesPerSample = info.getBitsPerSample() / 8;
    }

    @Override
    public void processStreamInfo(StreamInfo info) {
      // already read by readStreamInfo()
    }

    @Override
    public void processPCM(ByteData pcm) {
      if (bytesPerSample == 0) {
        failure = new AudioFormatException("FLAC: audio frame before STREAMINFO");
        return;
      }
      byte[] d = pcm.getData();
      int n = pcm.getLen() / bytesPerSample;
      samples.ensure(n);
      int p = 0;
      for (int i = 0; i < n; i++) {
        switch (bytesPerSample) {
          case 1 -> samples.add(((d[p] & 0xFF) - 128) / 128f);
          case 2 -> samples.add((short) ((d[p] & 0xFF) | d[p + 1] << 8) / 32768f);
          default -> samples.add(((d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | d[p + 2] << 16) / 8388608f);
        }
        p += bytesPerSample;
      }
    }
  }
}
