package org.acmasr.decode;

import static org.acmasr.check.Require.require;

import java.util.List;

/**
 * The three endpointing rules checked by {@link Endpointer}, in order. Immutable; the constructor
 * rejects a missing rule and a rule that would fire on every frame, naming the rule.
 *
 * @param rule1 by default: trailing silence with no speech at all
 * @param rule2 by default: trailing silence after speech
 * @param rule3 by default: maximum utterance length
 */
public record EndpointConfig(EndpointRule rule1, EndpointRule rule2, EndpointRule rule3) {

  public EndpointConfig {
    check("rule1", rule1);
    check("rule2", rule2);
    check("rule3", rule3);
  }

  /**
   * sherpa-onnx's defaults: rule1 = 2.4 s of silence without speech, rule2 = 1.2 s of silence after
   * speech, rule3 = 20 s of utterance.
   */
  public static EndpointConfig defaults() {
    return new EndpointConfig(new EndpointRule(false, 2.4, 0), new EndpointRule(true, 1.2, 0),
        new EndpointRule(false, 0, 20));
  }

  /** The rules in checking order. */
  public List<EndpointRule> rules() {
    return List.of(rule1, rule2, rule3);
  }

  private static void check(String name, EndpointRule rule) {
    require(rule != null, "endpoint." + name, rule, "must be set (use EndpointRule.never() to disable it)");
    require(!rule.firesImmediately(), "endpoint." + name, rule,
        "min_trailing_silence and min_utterance_length are both 0, so it would fire on every frame");
  }
}
