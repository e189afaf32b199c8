package org.acmasr.engine;

import org.acmasr.decode.EndpointConfig;
import org.acmasr.decode.EndpointRule;

/**
 * Per-stream endpointing in the terms a client sets it, mapped onto the three {@link EndpointConfig}
 * rules: rule 1 = {@code silenceWithoutSpeech} of silence in a segment with no speech, rule 2 =
 * {@code silenceAfterSpeech} of silence after speech, rule 3 = {@code maxUtterance} of segment. A value
 * of {@code +∞} turns its rule off; {@link #off()} turns all three off (segments then end only when
 * the client finalizes or the stream ends).
 *
 * @param silenceWithoutSpeech seconds, > 0
 * @param silenceAfterSpeech   seconds, > 0
 * @param maxUtterance         seconds, > 0
 */
public record Endpointing(double silenceWithoutSpeech, double silenceAfterSpeech, double maxUtterance) {

  public Endpointing {
    check("silence_without_speech", silenceWithoutSpeech);
    check("silence_after_speech", silenceAfterSpeech);
    check("max_utterance", maxUtterance);
  }

  /** The engine's defaults (sherpa-onnx's): 2.4 s, 1.2 s, 20 s. */
  public static Endpointing defaults() {
    return new Endpointing(2.4, 1.2, 20);
  }

  /** No automatic endpoints. */
  public static Endpointing off() {
    return new Endpointing(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** Whether any rule can fire. */
  public boolean enabled() {
    return Double.isFinite(silenceWithoutSpeech) || Double.isFinite(silenceAfterSpeech) || Double.isFinite(maxUtterance);
  }

  EndpointConfig toConfig() {
    return new EndpointConfig(new EndpointRule(false, silenceWithoutSpeech, 0),
        new EndpointRule(true, silenceAfterSpeech, 0), new EndpointRule(false, 0, maxUtterance));
  }

  private static void check(String key, double v) {
    if (!(v > 0)) { // NaN fails too
      throw new IllegalArgumentException("endpointing." + key + " = " + v + ": must be > 0 seconds");
    }
  }
}
