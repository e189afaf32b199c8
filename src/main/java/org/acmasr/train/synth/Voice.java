package org.acmasr.train.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A synthetic speaker: a TTS engine, its voice, and for espeak-ng a speaking rate (words per minute)
 * and pitch (0–99).
 */
public record Voice(Engine engine, String name, int rate, int pitch) {
  public enum Engine {
    ESPEAK_NG("espeak-ng"),
    FLITE("flite");

    final String binary;

    Engine(String binary) {
      this.binary = binary;
    }
  }

  /** Stable identifier, used as the Common Voice client_id. */
  public String id() {
    return engine == Engine.FLITE ? "flite-" + name
        : String.format(Locale.ROOT, "espeak-%s-r%d-p%d", name.replace('+', '_'), rate, pitch);
  }

  /** espeak-ng English voices and variants at two rates and two pitches, plus flite's four voices. */
  public static List<Voice> defaults() {
    List<Voice> v = new ArrayList<>();
    for (String n : List.of("en-us", "en-gb", "en-us+f3", "en-us+m3", "en-gb-scotland", "en-us+f4")) {
      for (int rate : new int[] {145, 180}) {
        for (int pitch : new int[] {40, 65}) v.add(new Voice(Engine.ESPEAK_NG, n, rate, pitch));
      }
    }
    for (String n : List.of("slt", "rms", "awb", "kal16")) v.add(new Voice(Engine.FLITE, n, 0, 0));
    return v;
  }
}
