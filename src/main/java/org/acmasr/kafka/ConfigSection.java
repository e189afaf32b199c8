package org.acmasr.kafka;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of one section of a JSON configuration file; every error names the full key and the
 * value, and keys nobody read are reported (a typo must not be silently ignored).
 */
public final class ConfigSection {
  private final String prefix;
  private final JsonObject json;
  private final Set<String> read = new TreeSet<>();

  /** @param prefix the section's name, e.g. {@code kafka}; keys are reported as {@code kafka.key} */
  public ConfigSection(String prefix, JsonObject json) {
    this.prefix = prefix;
    this.json = json == null ? new JsonObject() : json;
  }

  public String string(String key, String fallback) {
    Object v = take(key);
    if (v == null) return fallback;
    if (!(v instanceof String s)) throw new IllegalArgumentException(name(key) + " = " + v + ": must be a string");
    return s;
  }

  public int integer(String key, int fallback) {
    long v = number(key, fallback);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name(key) + " = " + v + ": out of range for an integer");
    }
    return (int) v;
  }

  public long number(String key, long fallback) {
    Object v = take(key);
    if (v == null) return fallback;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
    throw new IllegalArgumentException(name(key) + " = " + v + ": must be a whole number");
  }

  public double decimal(String key, double fallback) {
    Object v = take(key);
    if (v == null) return fallback;
    if (v instanceof Number n) return n.doubleValue();
    throw new IllegalArgumentException(name(key) + " = " + v + ": must be a number");
  }

  /** An object of string values (numbers and booleans are accepted and turned into strings). */
  public Map<String, String> strings(String key) {
    Object v = take(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) return out;
    if (!(v instanceof JsonObject o)) throw new IllegalArgumentException(name(key) + ": must be an object");
    for (String k : o.fieldNames()) {
      Object x = o.getValue(k);
      if (!(x instanceof String || x instanceof Number || x instanceof Boolean)) {
        throw new IllegalArgumentException(name(key) + "." + k + " = " + x + ": must be a string, number or boolean");
      }
      out.put(k, String.valueOf(x));
    }
    return out;
  }

  /** @throws IllegalArgumentException naming the first key of the section that was never read */
  public void rejectUnknownKeys() {
    for (String k : new TreeSet<>(json.fieldNames())) {
      if (!read.contains(k)) throw new IllegalArgumentException(name(k) + ": unknown key");
    }
  }

  private Object take(String key) {
    read.add(key);
    return json.getValue(key);
  }

  private String name(String key) {
    return prefix + "." + key;
  }
}
