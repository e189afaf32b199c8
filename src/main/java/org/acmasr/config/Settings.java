package org.acmasr.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Flat settings: a JSON configuration flattened to dotted keys ({@code {"server": {"port": 8080}}} is
 * {@code server.port}), overlaid by environment variables named {@code ACM_} + the key in upper case
 * with dots as underscores ({@code ACM_SERVER_PORT}). Typed reads name the key, the value and where it
 * came from (the file, or the environment variable) when it does not parse. Every key that is read
 * becomes known; {@link #rejectUnknown} then refuses the rest, in the file and in the environment, so
 * a typo never passes silently.
 */
final class Settings {
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Map<String, JsonNode> file = new LinkedHashMap<>();
  private final Map<String, String> env;
  private final Set<String> known = new TreeSet<>();
  private final String source;

  private Settings(String source, Map<String, String> env) {
    this.source = source;
    this.env = env;
  }

  /**
   * @param json     a JSON object, or null for defaults and environment only
   * @param source   where {@code json} came from, named in errors (a file path); null for settings a
   *                 program built in memory
   * @param env      the environment ({@code ACM_*} variables override the file)
   * @param mapKeys  keys whose value is an object of free-form names (not flattened)
   * @throws IllegalArgumentException when {@code json} does not parse or is not an object
   */
  static Settings parse(byte[] json, String source, Map<String, String> env, Set<String> mapKeys) {
    Settings s = new Settings(source, env);
    if (json == null) return s;
    String name = source == null ? "configuration" : "config file " + source;
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException(name + ": must hold a JSON object");
    s.flatten("", root, mapKeys);
    return s;
  }

  private void flatten(String prefix, JsonNode node, Set<String> mapKeys) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      if (e.getValue().isObject() && !mapKeys.contains(key)) {
        flatten(key + ".", e.getValue(), mapKeys);
      } else {
        file.put(key, e.getValue());
      }
    }
  }

  static String envName(String key) {
    return "ACM_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** Whether the file or the environment sets {@code key} (a JSON null does not). */
  boolean isSet(String key) {
    return raw(key) != null;
  }

  /** Where {@code key}'s value comes from, as errors say it: {@code " (in FILE)"}, {@code " (from ACM_…)"}, or empty. */
  String where(String key) {
    if (env.containsKey(envName(key))) return " (from " + envName(key) + ")";
    return source == null ? "" : " (in " + source + ")";
  }

  int getInt(String key, int def) {
    return read(key, def, n -> n.canConvertToExactIntegral() && n.canConvertToInt(), JsonNode::intValue,
        s -> Integer.parseInt(s.trim()), "must be an integer");
  }

  long getLong(String key, long def) {
    return read(key, def, n -> n.canConvertToExactIntegral() && n.canConvertToLong(), JsonNode::longValue,
        s -> Long.parseLong(s.trim()), "must be an integer");
  }

  double getDouble(String key, double def) {
    return read(key, def, JsonNode::isNumber, JsonNode::doubleValue, s -> Double.parseDouble(s.trim()), "must be a number");
  }

  boolean getBoolean(String key, boolean def) {
    return read(key, def, JsonNode::isBoolean, JsonNode::booleanValue, s -> {
      if (!s.trim().equalsIgnoreCase("true") && !s.trim().equalsIgnoreCase("false")) throw new IllegalArgumentException();
      return Boolean.parseBoolean(s.trim());
    }, "must be true or false");
  }

  /**
   * One typed value: from the file if {@code fits} the JSON node, from the environment if
   * {@code parse} takes the string; otherwise an error saying {@code what} it must be (a fractional
   * number where an integer belongs: "must be a whole number").
   */
  private <T> T read(String key, T def, Predicate<JsonNode> fits, Function<JsonNode, T> fromJson,
      Function<String, T> parse, String what) {
    Object v = raw(key);
    if (v == null) return def;
    if (v instanceof JsonNode n) {
      if ((n.isNumber() || n.isBoolean()) && fits.test(n)) return fromJson.apply(n);
      boolean fraction = n.isNumber() && !n.canConvertToExactIntegral() && what.equals("must be an integer");
      throw bad(key, v, fraction ? "must be a whole number" : what);
    }
    try {
      return parse.apply((String) v);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw bad(key, v, what);
    }
  }

  /** A string, or {@code def} when unset; an empty environment variable counts as unset. */
  String getString(String key, String def) {
    Object v = raw(key);
    if (v == null) return def;
    if (v instanceof JsonNode n) {
      if (!n.isTextual()) throw bad(key, v, "must be a string");
      return n.textValue();
    }
    String s = ((String) v).trim();
    return s.isEmpty() ? def : s;
  }

  /** A JSON array of strings, or in the environment a comma-separated list. */
  List<String> getStringList(String key) {
    Object v = raw(key);
    List<String> out = new ArrayList<>();
    if (v == null) return out;
    if (v instanceof JsonNode n) {
      if (!n.isArray()) throw bad(key, v, "must be an array of strings");
      for (JsonNode item : n) {
        if (!item.isTextual()) throw bad(key, v, "must be an array of strings");
        out.add(item.textValue());
      }
    } else {
      for (String part : ((String) v).split(",")) {
        if (!part.isBlank()) out.add(part.trim());
      }
    }
    return out;
  }

  /**
   * A JSON object of string values (numbers and booleans are taken as their text), or in the
   * environment a comma-separated list of {@code name=value}.
   */
  Map<String, String> getStringMap(String key) {
    Object v = raw(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) return out;
    if (v instanceof JsonNode n) {
      if (!n.isObject()) throw new IllegalArgumentException(key + where(key) + ": must be an object");
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode x = e.getValue();
        if (!(x.isTextual() || x.isNumber() || x.isBoolean())) {
          throw new IllegalArgumentException(key + "." + e.getKey() + " = " + x + where(key)
              + ": must be a string, number or boolean");
        }
        out.put(e.getKey(), x.asText());
      }
      return out;
    }
    for (String part : ((String) v).split(",")) {
      if (part.isBlank()) continue;
      int eq = part.indexOf('=');
      if (eq <= 0) throw bad(key, v, "must be a comma-separated list of name=value");
      out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return out;
  }

  /**
   * After every key was read: a section other than {@code sections} (names starting with {@code _}
   * are comments), or a key of a section that nobody read, in the file or the environment, is a mistake.
   */
  void rejectUnknown(Set<String> sections) {
    for (String key : file.keySet()) {
      String section = sectionOf(key);
      if (section.startsWith("_") && section.equals(key)) continue;
      if (!sections.contains(section)) {
        throw new IllegalArgumentException(section + (source == null ? "" : " (in " + source + ")")
            + ": unknown section; known: " + String.join(", ", new TreeSet<>(sections)));
      }
      if (!known.contains(key)) {
        throw new IllegalArgumentException(source == null ? key + ": unknown key"
            : key + " (in " + source + "): unknown setting; known: " + String.join(", ", knownIn(section)));
      }
    }
    for (String name : new TreeSet<>(env.keySet())) {
      for (String section : sections) {
        if (name.startsWith(envName(section) + "_") && known.stream().noneMatch(k -> envName(k).equals(name))) {
          throw new IllegalArgumentException(name + " (environment): unknown setting; known: "
              + String.join(", ", knownIn(section).stream().map(Settings::envName).toList()));
        }
      }
    }
  }

  /** The keys read so far that the file does not set. */
  Set<String> unstated() {
    Set<String> out = new TreeSet<>(known);
    out.removeAll(file.keySet());
    return out;
  }

  private List<String> knownIn(String section) {
    return known.stream().filter(k -> sectionOf(k).equals(section)).toList();
  }

  private static String sectionOf(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }

  /** The environment's value if set, else the file's; null when neither. */
  private Object raw(String key) {
    known.add(key);
    String e = env.get(envName(key));
    if (e != null) return e;
    JsonNode n = file.get(key);
    return n == null || n.isNull() ? null : n;
  }

  private IllegalArgumentException bad(String key, Object v, String what) {
    String shown = v instanceof String s ? "\"" + s + "\"" : v.toString();
    return new IllegalArgumentException(key + " = " + shown + where(key) + ": " + what);
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
