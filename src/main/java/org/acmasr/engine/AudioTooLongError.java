package org.acmasr.engine;

/**
 * A stream was fed more audio than {@link SchedulerConfig#maxAudioSeconds}: nothing of the offending
 * call was queued; the audio before it is still decoded when the producer finishes the stream.
 */
public final class AudioTooLongError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  AudioTooLongError(int limitSeconds) {
    super("the audio is longer than engine.max_audio_seconds = " + limitSeconds + " s");
  }
}
