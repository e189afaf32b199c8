package org.acmasr.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.PCMProcessor;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/** FLAC (8, 16 and 24 bit, any channel count jflac supports) through jflac. */
final class FlacDecoder {
  /** Bad frame headers tolerated before the input is refused. */
  static final int MAX_ERRORS = 64;

  private FlacDecoder() {}

  static boolean looksLikeFlac(byte[] b) {
    return b.length >= 4 && b[0] == 'f' && b[1] == 'L' && b[2] == 'a' && b[3] == 'C';
  }

  static DecodedAudio decode(byte[] bytes, double maxSeconds) throws AudioFormatException {
    QuietStdout.install();
    FLACDecoder decoder = new FLACDecoder(new ByteArrayInputStream(bytes));
    Collector collector = new Collector(bytes.length);
    decoder.addPCMProcessor(collector);
    decoder.addFrameListener(collector);
    StreamInfo info = null;
    try {
      for (Metadata m : decoder.readMetadata()) {
        if (m instanceof StreamInfo si) {
          info = si;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new AudioFormatException("FLAC: truncated or corrupt metadata header", e);
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
    int channels = info.getChannels();
    long declared = info.getTotalSamples(); // 0: unknown
    AudioLimits.checkDuration("FLAC", declared, info.getSampleRate(), maxSeconds);
    collector.configure(info, maxSeconds);
    try {
      decoder.decodeFrames();
    } catch (IOException | RuntimeException e) {
      if (collector.failure == null && collector.samples.size() == 0) {
        // jflac's own exceptions (e.g. ArrayIndexOutOfBounds on a bad residual) say nothing to a client
        throw new AudioFormatException("FLAC: corrupt audio frames: no audio could be decoded", e);
      }
      // keep the audio decoded before the damage, unless too much is lost (below)
    }
    if (collector.failure != null) {
      throw collector.failure;
    }
    if (collector.samples.size() == 0) {
      throw new AudioFormatException("FLAC: stream contains no audio frames");
    }
    long got = collector.samples.size() / channels;
    double seconds = got / (double) info.getSampleRate();
    if (declared > 0 && got < declared) { // jflac skips frames it cannot decode without saying so
      AudioLimits.checkUndecodable("FLAC", (declared - got) + " of " + declared + " declared sample frames",
          Math.max(0, declared - got) / (double) declared, seconds);
    }
    float[] s = collector.samples.toArray();
    int whole = s.length - s.length % channels;
    return new DecodedAudio(info.getSampleRate(), channels, whole == s.length ? s : java.util.Arrays.copyOf(s, whole));
  }

  /** Receives little-endian PCM bytes from jflac (8-bit is offset binary). */
  private static final class Collector implements PCMProcessor, FrameListener {
    final FloatBuffer samples;
    int bytesPerSample;
    int channels;
    long maxSamples;
    AudioFormatException failure;

    Collector(int sizeHint) {
      samples = new FloatBuffer(sizeHint);
    }

    void configure(StreamInfo info, double maxSeconds) {
      bytesPerSample = info.getBitsPerSample() / 8;
      channels = info.getChannels();
      sampleRate = info.getSampleRate();
      this.maxSeconds = maxSeconds;
      maxSamples = AudioLimits.maxFrames(maxSeconds, sampleRate) * channels;
    }

    int sampleRate;
    double maxSeconds;
    int errors;

    @Override
    public void processMetadata(Metadata metadata) {
      // read before decoding
    }

    @Override
    public void processFrame(Frame frame) {
      // samples arrive through processPCM
    }

    /**
     * jflac reports each bad frame header here and then searches for the next sync, which on some
     * corrupt inputs goes on for minutes: past {@link #MAX_ERRORS} decoding stops, and what decoded
     * before is judged like any other damage (refused when more than 10 % of the declared audio is lost).
     */
    @Override
    public void processError(String msg) {
      if (++errors > MAX_ERRORS) throw new IllegalStateException("too many corrupt frames");
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
      if (samples.size() + (long) n > maxSamples) { // no declared length, or a lying one: stop decoding here
        failure = AudioLimits.tooLongSoFar("FLAC", samples.size() / channels, sampleRate, maxSeconds);
        throw new IllegalStateException("duration limit reached");
      }
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
