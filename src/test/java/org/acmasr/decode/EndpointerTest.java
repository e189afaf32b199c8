package org.acmasr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EndpointerTest {
  private static final int SPEECH = 5;

  private static float[][] silence(int n) {
    float[][] m = new float[n][];
    for (int i = 0; i < n; i++) {
      m[i] = Frames.row(29, 0, 0.8);
    }
    return m;
  }

  private static float[][] speech(int n) {
    float[][] m = new float[n][];
    for (int i = 0; i < n; i++) {
      m[i] = Frames.row(29, SPEECH + i % 3, 0.6);
    }
    return m;
  }

  private static Endpointer defaults() {
    return new Endpointer(EndpointConfig.defaults(), 0.04);
  }

  @Test
  void defaultsAreSherpaOnnxs() {
    EndpointConfig c = EndpointConfig.defaults();
    assertEquals(new EndpointRule(false, 2.4, 0), c.rule1());
    assertEquals(new EndpointRule(true, 1.2, 0), c.rule2());
    assertEquals(new EndpointRule(false, 0, 20), c.rule3());
  }

  @Test
  void rule1FiresAfter2point4SecondsOfSilenceWithoutSpeech() {
    Endpointer e = defaults();
    e.accept(silence(59));
    assertFalse(e.isEndpoint());
    assertNull(e.firedRule());
    assertEquals(59 * 0.04, e.trailingSilenceSeconds(), 1e-12);
    e.accept(silence(1));
    assertTrue(e.isEndpoint());
    assertEquals("rule1", e.firedRule());
    assertFalse(e.speechSeen());
  }

  @Test
  void rule2FiresAfter1point2SecondsOfSilenceFollowingSpeech() {
    Endpointer e = defaults();
    e.accept(silence(10));
    e.accept(speech(8));
    e.accept(silence(29));
    assertFalse(e.isEndpoint());
    e.accept(silence(1));
    assertEquals("rule2", e.firedRule());
    assertTrue(e.speechSeen());
    assertEquals(30 * 0.04, e.trailingSilenceSeconds(), 1e-12);
  }

  @Test
  void rule3FiresAt20SecondsOfUtterance() {
    Endpointer e = defaults();
    e.accept(speech(499));
    assertFalse(e.isEndpoint());
    assertEquals(499 * 0.04, e.utteranceSeconds(), 1e-9);
    e.accept(speech(1));
    assertEquals("rule3", e.firedRule());
  }

  @Test
  void speechResetsTheTrailingSilence() {
    Endpointer e = defaults();
    e.accept(speech(3));
    e.accept(silence(29));
    e.accept(speech(1));
    e.accept(silence(29));
    assertFalse(e.isEndpoint());
    assertEquals(29 * 0.04, e.trailingSilenceSeconds(), 1e-12);
  }

  @Test
  void eachRuleAloneFiresExactlyAtItsThreshold() {
    EndpointRule silenceOnly = new EndpointRule(false, 0.4, 0); // 10 frames
    Endpointer e = new Endpointer(new EndpointConfig(EndpointRule.never(), silenceOnly, EndpointRule.never()), 0.04);
    e.accept(silence(9));
    assertNull(e.firedRule());
    e.accept(silence(1));
    assertEquals("rule2", e.firedRule());

    EndpointRule needsSpeech = new EndpointRule(true, 0.2, 0); // 5 frames after speech
    e = new Endpointer(new EndpointConfig(needsSpeech, EndpointRule.never(), EndpointRule.never()), 0.04);
    e.accept(silence(200));
    assertNull(e.firedRule(), "no speech: a speech-only rule must not fire");
    e.accept(speech(1));
    e.accept(silence(4));
    assertNull(e.firedRule());
    e.accept(silence(1));
    assertEquals("rule1", e.firedRule());

    EndpointRule both = new EndpointRule(false, 0.2, 1.0); // 5 silent frames and 25 frames in all
    e = new Endpointer(new EndpointConfig(EndpointRule.never(), EndpointRule.never(), both), 0.04);
    e.accept(speech(19));
    e.accept(silence(5));
    assertNull(e.firedRule(), "24 frames: too short");
    e.accept(silence(1));
    assertEquals("rule3", e.firedRule());
  }

  @Test
  void resetStartsANewSegment() {
    Endpointer e = defaults();
    e.accept(speech(4));
    e.accept(silence(40));
    assertEquals("rule2", e.firedRule());
    e.reset();
    assertFalse(e.isEndpoint());
    assertFalse(e.speechSeen());
    assertEquals(0, e.utteranceSeconds());
    e.accept(silence(40));
    assertNull(e.firedRule(), "after reset, 40 silent frames without speech fire nothing");
  }

  @Test
  void anySplitGivesTheSameState() {
    Random r = new Random(41);
    EndpointConfig cfg = new EndpointConfig(new EndpointRule(false, 0.8, 0), new EndpointRule(true, 0.4, 0),
        new EndpointRule(false, 0, 3));
    for (int trial = 0; trial < 30; trial++) {
      float[][] m = Frames.peaked(r, 1 + r.nextInt(90), 29, 0.3);
      Endpointer whole = new Endpointer(cfg, 0.04);
      whole.accept(m);
      Endpointer split = new Endpointer(cfg, 0.04);
      Frames.feedInRandomSplits(m, r, 1 + trial % 6, split::accept);
      assertEquals(whole.firedRule(), split.firedRule(), "trial " + trial);
      assertEquals(whole.speechSeen(), split.speechSeen(), "trial " + trial);
      assertEquals(whole.trailingSilenceSeconds(), split.trailingSilenceSeconds(), "trial " + trial);
      assertEquals(whole.utteranceSeconds(), split.utteranceSeconds(), "trial " + trial);
      assertEquals(m.length * 0.04, split.utteranceSeconds(), 1e-9);
    }
  }

  @Test
  void configValidationNamesKeyAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EndpointRule(true, -1.0, 0));
    assertEquals("endpoint.rule.min_trailing_silence = -1.0: must be >= 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new EndpointRule(true, 1.0, Double.NaN));
    assertEquals("endpoint.rule.min_utterance_length = NaN: must be >= 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new EndpointConfig(EndpointRule.never(), null, EndpointRule.never()));
    assertEquals("endpoint.rule2 = null: must be set (use EndpointRule.never() to disable it)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new EndpointConfig(EndpointRule.never(), EndpointRule.never(), new EndpointRule(true, 0, 0)));
    assertEquals("endpoint.rule3 = EndpointRule[mustContainSpeech=true, minTrailingSilenceSeconds=0.0, "
        + "minUtteranceSeconds=0.0]: min_trailing_silence and min_utterance_length are both 0, so it would fire "
        + "on every frame", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Endpointer(EndpointConfig.defaults(), -0.04));
    assertEquals("decode.frame_seconds = -0.04: must be a finite number > 0", e.getMessage());
  }
}
