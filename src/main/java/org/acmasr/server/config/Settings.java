package org.acmasr.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Flat settings: a JSON config file flattened to dotted keys ({@code {"server": {"port": 8080}}} is
 * {@code server.port}), overlaid by environment variables named {@code ACM_} + the key in upper case
 * with dots as underscores ({@code ACM_SERVER_PORT}). Typed reads name the key, the value and where it
 * came from when it does not parse. Only the given sections are this reader's: other sections of the
 * file (front end, Kafka) are left to their owners, while an unknown key inside an owned section, in
 * the file or the environment, is an error, so a typo never passes silently.
 */
final class Settings {
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Map<String, JsonNode> file = new LinkedHashMap<>();
  private final Map<String, String> env;
  private final Set<String> sections;
  private final Set<String> known = new TreeSet<>();
  private final String fileName;

  private Settings(String fileName, Map<String, String> env, Set<String> sections) {
    this.fileName = fileName;
    this.env = env;
    this.sections = sections;
  }

  /**
   * @param configFile a JSON object, or null for defaults and environment only
   * @throws IllegalArgumentException when the file cannot be read or is not a JSON object
   */
  static Settings load(Path configFile, Map<String, String> env, Set<String> sections) {
    Settings s = new Settings(configFile == null ? null : configFile.toString(), env, sections);
    if (configFile != null) {
      JsonNode root;
      try {
        root = JSON.readTree(Files.readAllBytes(configFile));
      } catch (IOException e) {
        throw new IllegalArgumentException("config file " + configFile + ": " + firstLine(e.getMessage()));
      }
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("config file " + configFile + ": must hold a JSON object");
      }
      s.flatten("", root);
    }
    return s;
  }

  private void flatten(String prefix, JsonNode node) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      if (e.getValue().isObject()) {
        flatten(key + ".", e.getValue());
      } else {
        file.put(key, e.getValue());
      }
    }
  }

  static String envName(String key) {
    return "ACM_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
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
   * {@code parse} takes the string; otherwise an error saying {@code what} it must be.
   */
  private <T> T read(String key, T def, Predicate<JsonNode> fits, Function<JsonNode, T> fromJson,
      Function<String, T> parse, String what) {
    Object v = raw(key);
    if (v == null) return def;
    if (v instanceof JsonNode n) {
      if (n.isNumber() || n.isBoolean()) {
        if (fits.test(n)) return fromJson.apply(n);
      }
      throw bad(key, v, what);
    }
    try {
      return parse.apply((String) v);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw bad(key, v, what);
    }
  }

  /** A string, or {@code def} when unset; an empty string counts as unset. */
  String getString(String key, String def) {
    Object v = raw(key);
    if (v == null) return def;
    if (v instanceof JsonNode n) {
      if (n.isNull()) return def;
      if (!n.isTextual()) throw bad(key, v, "must be a string");
      v = n.textValue();
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

  /** After every key was read: any other key in an owned section is a mistake. */
  void rejectUnknownKeys() {
    for (String key : file.keySet()) {
      if (owned(key) && !known.contains(key)) {
        throw new IllegalArgumentException(key + " (in " + fileName + "): unknown setting; known: " + String.join(", ", known));
      }
    }
    for (String name : env.keySet()) {
      if (!name.startsWith("ACM_")) continue;
      for (String section : sections) {
        if (name.startsWith(envName(section) + "_") && known.stream().noneMatch(k -> envName(k).equals(name))) {
          throw new IllegalArgumentException(name + " (environment): unknown setting; known: "
              + String.join(", ", known.stream().map(Settings::envName).toList()));
        }
      }
    }
  }

  private boolean owned(String key) {
    int dot = key.indexOf('.');
    return sections.contains(dot < 0 ? key : key.substring(0, dot));
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
    String where = v instanceof String ? " (from " + envName(key) + ")" : fileName == null ? "" : " (in " + fileName + ")";
    String shown = v instanceof String s ? "\"" + s + "\"" : v.toString();
    return new IllegalArgumentException(key + " = " + shown + where + ": " + what);
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
