package org.acmasr.decode;

import static org.acmasr.check.Require.require;

/**
 * One endpointing rule, as in sherpa-onnx: it fires when
 * {@code (!mustContainSpeech || speech was seen) && trailing silence >= minTrailingSilenceSeconds
 * && utterance length >= minUtteranceSeconds}. A threshold of {@code Double.POSITIVE_INFINITY}
 * means the rule never fires.
 *
 * @param mustContainSpeech         fire only once the segment holds a non-blank frame
 * @param minTrailingSilenceSeconds trailing frames whose arg-max is blank, in seconds (>= 0)
 * @param minUtteranceSeconds       segment length in seconds (>= 0)
 */
public record EndpointRule(boolean mustContainSpeech, double minTrailingSilenceSeconds, double minUtteranceSeconds) {

  public EndpointRule {
    require(minTrailingSilenceSeconds >= 0, "endpoint.rule.min_trailing_silence", minTrailingSilenceSeconds,
        "must be >= 0");
    require(minUtteranceSeconds >= 0, "endpoint.rule.min_utterance_length", minUtteranceSeconds,
        "must be >= 0");
  }

  /** A rule that never fires. */
  public static EndpointRule never() {
    return new EndpointRule(false, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** Whether both thresholds are 0, i.e. the rule would fire on every frame. */
  boolean firesImmediately() {
    return minTrailingSilenceSeconds == 0 && minUtteranceSeconds == 0;
  }
}
