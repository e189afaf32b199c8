package org.acmasr.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.acmasr.budget.Budget;

/**
 * A parsed text message of the Vosk protocol: {@code {"config": {...}}} or {@code {"eof": 1}}.
 *
 * <p>{@code config} keys: {@code sample_rate} (8000 to 48000; an integral number, {@code 16000.0} too),
 * {@code words} ({@code true}/{@code false} or {@code 1}/{@code 0}), {@code max_alternatives} (0 to 100),
 * {@code phrase_list} (an array of strings: accepted and ignored, acm-asr has no grammar decoding) and
 * acm-asr's {@code budget} (in (0, 1]). Keys not given keep their earlier value; any other key is refused.
 *
 * @param config the settings after this message (unchanged for {@code eof})
 * @param eof    whether this is the end-of-stream message
 */
public record VoskRequest(VoskOptions config, boolean eof) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final List<String> CONFIG_FIELDS = List.of("sample_rate", "words", "max_alternatives", "phrase_list",
      "budget");
  static final int MAX_ALTERNATIVES = 100;

  /**
   * @param current the settings so far
   * @throws ProtocolException {@link ErrorCode#BAD_JSON} for text that is not a JSON object,
   *     {@link ErrorCode#UNKNOWN_TYPE} for an object that is neither {@code config} nor {@code eof},
   *     {@link ErrorCode#BAD_CONFIG} for a bad or unknown setting
   */
  public static VoskRequest parse(String text, VoskOptions current) throws ProtocolException {
    JsonNode n = JsonObjects.parse(text, "{\"config\": {...}} or {\"eof\": 1}");
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    if (names.equals(List.of("eof"))) {
      JsonNode v = n.get("eof");
      if (!(v.isBoolean() && v.booleanValue()) && !(v.isIntegralNumber() && v.intValue() == 1)) {
        throw new ProtocolException(ErrorCode.BAD_CONFIG, "eof = " + shown(v) + ": must be 1");
      }
      return new VoskRequest(current, true);
    }
    if (!names.equals(List.of("config"))) {
      throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "a text message must be {\"config\": {...}} or {\"eof\": 1}; "
          + "got the field(s) " + shown(JSON.valueToTree(names)));
    }
    JsonNode c = n.get("config");
    if (!c.isObject()) throw new ProtocolException(ErrorCode.BAD_CONFIG, "config = " + shown(c) + ": must be an object");
    Fields f = new Fields("config", (ObjectNode) c, CONFIG_FIELDS);
    int rate = f.has("sample_rate") ? f.integer("sample_rate", 0, SessionConfig.MIN_RATE, SessionConfig.MAX_RATE)
        : current.sampleRate();
    boolean words = current.words();
    if (f.has("words")) {
      JsonNode w = f.get("words");
      if (w.isBoolean()) {
        words = w.booleanValue();
      } else if (w.isIntegralNumber() && (w.intValue() == 0 || w.intValue() == 1)) {
        words = w.intValue() == 1;
      } else {
        throw f.bad("words", w, "must be true, false, 1 or 0");
      }
    }
    int alternatives = f.integer("max_alternatives", current.maxAlternatives(), 0, MAX_ALTERNATIVES);
    if (f.has("phrase_list")) {
      JsonNode p = f.get("phrase_list");
      boolean strings = p.isArray();
      for (JsonNode e : p) strings &= e.isTextual();
      if (!strings) throw f.bad("phrase_list", p, "must be an array of strings");
    }
    boolean budgetGiven = current.budgetGiven() || f.has("budget");
    Budget.Fixed budget = f.budget("budget", current.budget());
    return new VoskRequest(new VoskOptions(rate, words, alternatives, budget, budgetGiven), false);
  }

  private static String shown(JsonNode v) {
    String s = v.toString();
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
