package org.acmasr.check;

/** The one argument check whose message names the setting and the offending value. */
public final class Require {
  private Require() {}

  /** Throws {@code IllegalArgumentException("key = value: rule")} unless {@code ok}. */
  public static void require(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ": " + rule);
    }
  }
}
