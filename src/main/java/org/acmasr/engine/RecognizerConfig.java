package org.acmasr.engine;

import org.acmasr.decode.EndpointConfig;

/**
 * Decoding settings shared by every stream of a {@link Recognizer}.
 *
 * @param beamWidth     1 for greedy CTC decoding, more for prefix beam search
 * @param endpoint      the three endpoint rules that close a segment
 * @param defaultBudget compute budget β for streams that name none, in (0, 1]
 */
public record RecognizerConfig(int beamWidth, EndpointConfig endpoint, float defaultBudget) {

  public RecognizerConfig {
    if (beamWidth < 1 || beamWidth > 256) {
      throw new IllegalArgumentException("decoder.beam_width = " + beamWidth + ": must be in [1, 256]");
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("decoder.endpoint: must be set");
    }
    Budget.check(defaultBudget);
  }

  public static RecognizerConfig defaults() {
    return new RecognizerConfig(1, EndpointConfig.defaults(), 1f);
  }

  public RecognizerConfig withBeamWidth(int width) {
    return new RecognizerConfig(width, endpoint, defaultBudget);
  }

  public RecognizerConfig withEndpoint(EndpointConfig e) {
    return new RecognizerConfig(beamWidth, e, defaultBudget);
  }
}
