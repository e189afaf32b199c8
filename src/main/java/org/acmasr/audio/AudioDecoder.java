package org.acmasr.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the {@code audio} package: recognises a container by its first bytes, decodes it,
 * and turns it into mono float samples at the rate the consumer asks for (a model's front-end rate).
 */
public final class AudioDecoder {
  /** Files above this size are refused before they are read. */
  public static final long MAX_FILE_BYTES = 1L << 30;

  private AudioDecoder() {}

  /** Decodes WAV, MP3 or FLAC, recognised by content (never by file name). */
  public static DecodedAudio decode(byte[] bytes) throws AudioFormatException {
    return decode(bytes, AudioLimits.UNLIMITED_SECONDS);
  }

  /**
   * Decodes WAV, MP3 or FLAC, recognised by content, refusing audio longer than {@code maxSeconds}
   * ({@link AudioTooLongException}) from its declared length before decoding, or while decoding when
   * the container does not declare it.
   */
  public static DecodedAudio decode(byte[] bytes, double maxSeconds) throws AudioFormatException {
    if (bytes == null || bytes.length == 0) {
      throw new AudioFormatException("empty input: no audio bytes");
    }
    if (WavDecoder.looksLikeWav(bytes)) {
      return WavDecoder.decode(bytes, maxSeconds);
    }
    if (FlacDecoder.looksLikeFlac(bytes)) {
      return FlacDecoder.decode(bytes, maxSeconds);
    }
    if (Mp3Decoder.looksLikeMp3(bytes)) {
      return Mp3Decoder.decode(bytes, maxSeconds);
    }
    throw new AudioFormatException(unrecognised(bytes));
  }

  /** Decodes headerless PCM in the declared format. */
  public static DecodedAudio decode(byte[] bytes, RawPcmFormat raw) throws AudioFormatException {
    return RawPcmDecoder.decode(bytes, raw, AudioLimits.UNLIMITED_SECONDS);
  }

  /** Decodes headerless PCM in the declared format, refusing more than {@code maxSeconds} before converting. */
  public static DecodedAudio decode(byte[] bytes, RawPcmFormat raw, double maxSeconds) throws AudioFormatException {
    return RawPcmDecoder.decode(bytes, raw, maxSeconds);
  }

  /** Reads and decodes a file; {@code raw} is null for self-describing formats. */
  public static DecodedAudio read(Path file, RawPcmFormat raw) throws IOException {
    return read(file, raw, AudioLimits.UNLIMITED_SECONDS);
  }

  /** {@link #read(Path, RawPcmFormat)} refusing audio longer than {@code maxSeconds}. */
  public static DecodedAudio read(Path file, RawPcmFormat raw, double maxSeconds) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new AudioFormatException(file + ": " + size + " bytes exceeds the limit of " + MAX_FILE_BYTES);
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      return raw == null ? decode(bytes, maxSeconds) : decode(bytes, raw, maxSeconds);
    } catch (AudioTooLongException e) {
      throw new AudioTooLongException(file.getFileName() + ": " + e.getMessage());
    } catch (AudioFormatException e) {
      throw new AudioFormatException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Down-mixes to mono and resamples to {@code rate} Hz (a model's front-end rate). */
  public static float[] toMono(DecodedAudio audio, int rate) {
    return Resampler.resample(audio.downmix(), audio.sampleRate(), rate);
  }

  /** {@link #read} then {@link #toMono}. */
  public static float[] loadMono(Path file, RawPcmFormat raw, int rate) throws IOException {
    return toMono(read(file, raw), rate);
  }

  private static String unrecognised(byte[] b) {
    if (b.length >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S') {
      return "Ogg (Vorbis/Opus) audio is not supported; supported: WAV, MP3, FLAC, raw PCM";
    }
    if (b.length >= 8 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
      return "MP4/M4A (AAC) audio is not supported; supported: WAV, MP3, FLAC, raw PCM";
    }
    if (b.length >= 4 && (b[0] & 0xFF) == 0x1A && (b[1] & 0xFF) == 0x45 && (b[2] & 0xFF) == 0xDF
        && (b[3] & 0xFF) == 0xA3) {
      return "WebM/Matroska audio is not supported; supported: WAV, MP3, FLAC, raw PCM";
    }
    if (b.length >= 4 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F') {
      return b.length < 12 ? "WAV: truncated header (" + b.length + " bytes, need at least 12)"
          : "RIFF file is not WAVE (form type is not 'WAVE')";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      hex.append(String.format("%02X ", b[i] & 0xFF));
    }
    return "unrecognised audio format (first bytes " + hex.toString().trim()
        + "); supported: WAV, MP3, FLAC, or raw PCM with a declared encoding and sample rate";
  }
}
