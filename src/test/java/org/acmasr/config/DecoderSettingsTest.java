package org.acmasr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.acmasr.engine.RecognizerConfig;
import org.junit.jupiter.api.Test;

class DecoderSettingsTest {
  private final RecognizerConfig model = RecognizerConfig.forModel(Map.of(RecognizerConfig.META_BEAM, "64",
      RecognizerConfig.META_PRUNE_THRESHOLD, "8"));

  @Test
  void zeroKeepsWhatTheModelRecommends() {
    assertSame(model, DecoderSettings.defaults().applyTo(model));
  }

  @Test
  void setValuesOverrideTheModel() {
    RecognizerConfig c = new DecoderSettings(16, 12).applyTo(model);
    assertEquals(16, c.beamWidth());
    assertEquals(12.0, c.pruneThreshold());
    assertEquals(64, new DecoderSettings(0, 5).applyTo(model).beamWidth());
    assertEquals(8.0, new DecoderSettings(1, 0).applyTo(model).pruneThreshold());
  }
}
