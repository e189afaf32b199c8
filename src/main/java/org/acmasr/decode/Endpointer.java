package org.acmasr.decode;

import java.util.List;
import java.util.Objects;

/**
 * Streaming endpoint detection from CTC frames, per stream (mutable, not thread-safe). A frame whose
 * arg-max is the blank (index 0) is silence, any other frame is speech. The endpointer tracks the
 * frames of the current segment, whether speech was seen, and the run of trailing silent frames, and
 * reports an endpoint when any rule of its {@link EndpointConfig} fires.
 *
 * <p>Durations are compared in whole frames: a threshold of {@code s} seconds needs
 * {@code ceil(s / frameSeconds)} frames (with a 1e-9 tolerance, so 1.2 s at 0.04 s is 30 frames).
 * The result depends only on the frames accepted, not on how they were split across calls.
 */
public final class Endpointer {
  private static final String[] NAMES = {"rule1", "rule2", "rule3"};

  private final double frameSeconds;
  private final List<EndpointRule> rules;
  private final long[] minTrailingFrames;
  private final long[] minUtteranceFrames;

  private long frames;
  private long trailingSilence;
  private boolean speechSeen;

  /**
   * @param config       the three rules
   * @param frameSeconds duration of one frame in seconds (0.04 for the project's model)
   */
  public Endpointer(EndpointConfig config, double frameSeconds) {
    Objects.requireNonNull(config, "config");
    this.frameSeconds = Checks.frameSeconds(frameSeconds);
    this.rules = config.rules();
    this.minTrailingFrames = new long[rules.size()];
    this.minUtteranceFrames = new long[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      minTrailingFrames[i] = toFrames(rules.get(i).minTrailingSilenceSeconds());
      minUtteranceFrames[i] = toFrames(rules.get(i).minUtteranceSeconds());
    }
  }

  /** Consumes the next frames of the current segment ({@code [frames][vocab]}, blank at index 0). */
  public void accept(float[][] logProbs) {
    LogProbs.checkShape(logProbs, -1);
    for (float[] row : logProbs) {
      if (LogProbs.argmax(row) == 0) {
        trailingSilence++;
      } else {
        speechSeen = true;
        trailingSilence = 0;
      }
      frames++;
    }
  }

  /** Whether any rule fires for the frames accepted since the last reset. */
  public boolean isEndpoint() {
    return firedRule() != null;
  }

  /** Name of the first rule that fires ({@code "rule1"}, {@code "rule2"} or {@code "rule3"}), or null. */
  public String firedRule() {
    for (int i = 0; i < rules.size(); i++) {
      if ((!rules.get(i).mustContainSpeech() || speechSeen) && trailingSilence >= minTrailingFrames[i]
          && frames >= minUtteranceFrames[i]) {
        return NAMES[i];
      }
    }
    return null;
  }

  /** Starts a new segment: no frames, no speech, no trailing silence. */
  public void reset() {
    frames = 0;
    trailingSilence = 0;
    speechSeen = false;
  }

  /** Whether a non-blank frame was seen in the current segment. */
  public boolean speechSeen() {
    return speechSeen;
  }

  /** Length of the current segment in seconds. */
  public double utteranceSeconds() {
    return frames * frameSeconds;
  }

  /** Length of the trailing run of silent frames in seconds. */
  public double trailingSilenceSeconds() {
    return trailingSilence * frameSeconds;
  }

  private long toFrames(double seconds) {
    if (seconds == Double.POSITIVE_INFINITY) {
      return Long.MAX_VALUE;
    }
    return (long) Math.ceil(seconds / frameSeconds - 1e-9);
  }
}
