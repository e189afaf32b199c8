package org.acmasr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RecognizerConfigTest {

  @Test
  void thePruneThresholdComesFromTheModelElseTheDefault() {
    assertEquals(RecognizerConfig.DEFAULT_PRUNE_THRESHOLD, RecognizerConfig.forModel(Map.of()).pruneThreshold());
    RecognizerConfig c = RecognizerConfig.forModel(Map.of(RecognizerConfig.META_PRUNE_THRESHOLD, "6.5",
        RecognizerConfig.META_BEAM, "16"));
    assertEquals(6.5, c.pruneThreshold());
    assertEquals(6.5, c.withBeamWidth(8).withOovPenalty(2).withWordLm(0.3, 1).withLanguageModel(0.5, 1)
        .pruneThreshold(), "every with-er keeps it");
    assertEquals(12.0, c.withPruneThreshold(12).pruneThreshold());
  }

  @Test
  void aBadPruneThresholdIsNamed() {
    for (double bad : new double[] {0, 0.4, 101, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RecognizerConfig.defaults().withPruneThreshold(bad));
      assertTrue(e.getMessage().startsWith("decoder.prune_threshold = " + bad + ": must be in [0.5, 100]"),
          e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecognizerConfig.forModel(Map.of(RecognizerConfig.META_PRUNE_THRESHOLD, "wide")));
    assertEquals("model metadata decode.prune_threshold = wide: not a number", e.getMessage());
  }
}
