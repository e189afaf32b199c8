package org.acmasr.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the service configuration: an optional JSON file, read once, overlaid by {@code ACM_*}
 * environment variables (see {@link Settings}). Every key has a default; every section is read and
 * validated, and a key or section nobody reads is an error. Errors name the key, the value and the file
 * or environment variable it came from.
 */
public final class ConfigLoader {
  /** The sections of the file (keys starting with {@code _} are comments). */
  static final Set<String> SECTIONS = Set.of("server", "limits", "engine", "decoder", "endpointing", "model", "vosk",
      "kafka", "features");
  private static final Set<String> MAP_KEYS = Set.of("kafka.properties");

  /** How a file is read; tests count the reads. */
  interface FileReader {
    byte[] read(Path file) throws IOException;
  }

  private ConfigLoader() {}

  /**
   * @param configFile a JSON object, or null for defaults and environment only
   * @param env        the environment; {@code ACM_<SECTION>_<KEY>} overrides the file
   * @throws IllegalArgumentException naming the key and value of the first bad setting
   */
  public static ServiceConfig load(Path configFile, Map<String, String> env) {
    return load(configFile, env, Files::readAllBytes);
  }

  static ServiceConfig load(Path configFile, Map<String, String> env, FileReader reader) {
    byte[] json = null;
    if (configFile != null) {
      try {
        json = reader.read(configFile);
      } catch (IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
        throw new IllegalArgumentException("config file " + configFile + ": " + why);
      }
    }
    return read(Settings.parse(json, configFile == null ? null : configFile.toString(), env, MAP_KEYS));
  }

  /**
   * Settings a program builds in memory (no file, no environment): a JSON object of sections.
   *
   * @throws IllegalArgumentException naming the key and value of the first bad setting
   */
  public static ServiceConfig fromJson(String json) {
    return read(Settings.parse(json.getBytes(StandardCharsets.UTF_8), null, Map.of(), MAP_KEYS));
  }

  /** The keys the service reads that {@code json} does not state (a complete example states them all). */
  static Set<String> unstatedKeys(byte[] json) {
    Settings s = Settings.parse(json, null, Map.of(), MAP_KEYS);
    read(s);
    return s.unstated();
  }

  private static ServiceConfig read(Settings s) {
    try {
      return readSections(s);
    } catch (IllegalArgumentException e) {
      throw withSource(e, s);
    }
  }

  /**
   * A setting's rule message ({@code KEY = VALUE: rule}) with where the value came from after the value,
   * as parse errors say it: {@code KEY = VALUE (in FILE): rule} or {@code (from ACM_…)}.
   */
  private static IllegalArgumentException withSource(IllegalArgumentException e, Settings s) {
    String m = String.valueOf(e.getMessage());
    java.util.regex.Matcher k = java.util.regex.Pattern.compile("^([a-z_]+(?:\\.[a-z_]+)+) =").matcher(m);
    if (!k.find() || m.contains(" (in ") || m.contains(" (from ") || !s.isSet(k.group(1))) return e;
    int colon = m.indexOf(": ", k.end());
    if (colon < 0) return e;
    return new IllegalArgumentException(m.substring(0, colon) + s.where(k.group(1)) + m.substring(colon), e);
  }

  private static ServiceConfig readSections(Settings s) {
    List<String> warnings = new ArrayList<>();
    double budget = DefaultBudget.read(s, warnings);
    KafkaConfig kafka = KafkaSection.read(s, budget);
    ServeConfig serve = ServeSections.read(s, budget);
    FeaturesSection.check(s);
    s.rejectUnknown(SECTIONS);
    return new ServiceConfig(serve, kafka, warnings);
  }
}
