package org.acmasr.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A clip whose features could not be produced.
 *
 * @param clip    the audio file
 * @param message why, as reported by the decoder or the file system
 */
public record ClipFailure(Path clip, String message) {
  public ClipFailure {
    Objects.requireNonNull(clip, "clip");
    Objects.requireNonNull(message, "message");
  }
}
