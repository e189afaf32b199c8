package org.acmasr.server.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/** Client text messages as JSON objects: one strict reader (duplicate keys refused) for every dialect. */
final class JsonObjects {
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonObjects() {}

  /**
   * @param expected what the dialect accepts, for the message (e.g. {@code {"config": {...}} or {"eof": 1}}); null
   *                 for none
   * @throws ProtocolException {@link ErrorCode#BAD_JSON} for text that is not one JSON object
   */
  static JsonNode parse(String text, String expected) throws ProtocolException {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "a text message must be a JSON object, "
          + (expected == null ? "" : expected + ", ") + "got "
          + (n == null ? "nothing" : n.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    return n;
  }
}
