package org.acmasr.kafka;

import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.AudioFormatException;
import org.acmasr.audio.AudioTooLongException;
import org.acmasr.audio.DecodedAudio;
import org.acmasr.kafka.proto.FailureReason;

/** Turns a request's bytes into mono samples at the model's rate, as {@code transcribe} does. */
final class RequestAudio {
  private RequestAudio() {}

  /**
   * @param maxSeconds the lower of {@code kafka.max_audio_seconds} and {@code engine.max_audio_seconds}
   * @param sampleRate Hz of the samples returned (the model's)
   * @throws InvalidRequestException {@code UNDECODABLE_AUDIO} with the decoder's message, or
   *     {@code OVERSIZE} when the audio lasts longer than {@code maxSeconds} (refused from the declared
   *     length before decoding, or as soon as decoding passes it)
   */
  static float[] decode(byte[] bytes, RequestFormat format, int maxSeconds, int sampleRate)
      throws InvalidRequestException {
    DecodedAudio audio;
    try {
      audio = format.raw() == null ? AudioDecoder.decode(bytes, maxSeconds)
          : AudioDecoder.decode(bytes, format.raw(), maxSeconds);
    } catch (AudioTooLongException e) {
      throw new InvalidRequestException(FailureReason.OVERSIZE, e.getMessage() + " (kafka.max_audio_seconds / "
          + "engine.max_audio_seconds)");
    } catch (AudioFormatException e) {
      throw new InvalidRequestException(FailureReason.UNDECODABLE_AUDIO, e.getMessage());
    } catch (RuntimeException e) { // a decoder bug on hostile input must cost only this request
      throw new InvalidRequestException(FailureReason.UNDECODABLE_AUDIO, "decoder failed: " + e);
    }
    if (audio.durationSeconds() > maxSeconds) {
      throw new InvalidRequestException(FailureReason.OVERSIZE, String.format(java.util.Locale.ROOT,
          "audio lasts %.1f s: more than kafka.max_audio_seconds = %d", audio.durationSeconds(), maxSeconds));
    }
    return AudioDecoder.toMono(audio, sampleRate);
  }
}
