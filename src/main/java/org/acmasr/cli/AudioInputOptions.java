package org.acmasr.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.DecodedAudio;
import org.acmasr.audio.PcmEncoding;
import org.acmasr.audio.RawPcmFormat;
import picocli.CommandLine.Option;

/** Options shared by commands that read audio files: raw PCM needs its format declared. */
final class AudioInputOptions {
  @Option(names = "--raw", paramLabel = "ENCODING",
      description = "Treat input as headerless PCM: pcm_s16le or pcm_f32le (needs --rate).")
  String rawEncoding;

  @Option(names = "--rate", paramLabel = "HZ", description = "Sample rate of raw PCM input.")
  Integer rate;

  @Option(names = "--channels", paramLabel = "N", defaultValue = "1",
      description = "Interleaved channels of raw PCM input (default: ${DEFAULT-VALUE}).")
  int channels;

  RawPcmFormat rawFormat() throws IOException {
    if (rawEncoding == null) {
      if (rate != null) {
        throw new IllegalArgumentException("--rate applies to raw PCM only; add --raw pcm_s16le|pcm_f32le");
      }
      return null;
    }
    if (rate == null) {
      throw new IllegalArgumentException("--raw " + rawEncoding + " needs --rate HZ");
    }
    return RawPcmFormat.of(PcmEncoding.parse(rawEncoding), rate, channels);
  }

  @Option(names = "--max-audio-seconds", paramLabel = "S",
      defaultValue = "" + org.acmasr.engine.SchedulerConfig.DEFAULT_MAX_AUDIO_SECONDS,
      description = "Refuse audio longer than this (default: ${DEFAULT-VALUE}, as engine.max_audio_seconds).")
  int maxAudioSeconds;

  DecodedAudio read(Path file) throws IOException {
    if (maxAudioSeconds < 1) {
      throw new IllegalArgumentException("--max-audio-seconds = " + maxAudioSeconds + ": must be at least 1");
    }
    return AudioDecoder.read(file, rawFormat(), maxAudioSeconds);
  }

  /** {@link #read}, mixed down to mono and resampled to {@code sampleRate}. */
  float[] readMono(Path file, int sampleRate) throws IOException {
    return AudioDecoder.toMono(read(file), sampleRate);
  }
}
