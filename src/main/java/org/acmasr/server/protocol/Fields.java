package org.acmasr.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import org.acmasr.budget.Budget;

/**
 * Typed reads of one client message's fields. Every error is {@link ErrorCode#BAD_CONFIG} and names
 * the message, field and value ({@code start.sample_rate = 96000: must be in [8000, 48000]}); a field
 * the message does not have is an error too.
 */
final class Fields {
  private final String prefix;
  private final ObjectNode node;

  /** @param allowed every field this message may carry ({@code type} is implied) */
  Fields(String prefix, ObjectNode node, List<String> allowed) throws ProtocolException {
    this.prefix = prefix;
    this.node = node;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("type") && !allowed.contains(f)) {
        throw new ProtocolException(ErrorCode.BAD_CONFIG, prefix + "." + f + ": unknown field; expected "
            + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
      }
    }
  }

  /** The raw value of {@code f}, or null. */
  JsonNode get(String f) {
    return node.get(f);
  }

  boolean has(String f) {
    JsonNode v = node.get(f);
    return v != null && !v.isNull();
  }

  int integer(String f, int def, int min, int max) throws ProtocolException {
    if (!has(f)) return def;
    JsonNode v = node.get(f);
    if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt()) throw bad(f, v, "must be an integer");
    int i = v.intValue();
    if (i < min || i > max) throw bad(f, v, "must be in [" + min + ", " + max + "]");
    return i;
  }

  double number(String f, double def) throws ProtocolException {
    if (!has(f)) return def;
    JsonNode v = node.get(f);
    if (!v.isNumber()) throw bad(f, v, "must be a number");
    return v.doubleValue();
  }

  /**
   * The compute budget: a number in (0, 1] ({@link Budget}'s rule), or {@code "auto"}: the engine steers
   * β with the load, never below the optional {@code floorField} (refused without {@code "auto"}).
   */
  Budget budgetOrAuto(String f, String floorField, Budget.Fixed def) throws ProtocolException {
    JsonNode v = node.get(f);
    boolean auto = v != null && v.isTextual();
    if (auto && !v.textValue().equals("auto")) throw bad(f, v, "must be a number in (0, 1] or \"auto\"");
    String floorKey = prefix + "." + floorField;
    try {
      Budget.requireAutoForFloor(auto, floorKey, has(floorField) ? shown(node.get(floorField)) : null,
          f + " = \"auto\"");
      return auto ? Budget.auto(floorKey, has(floorField) ? (Double) number(floorField, 0) : null) : budget(f, def);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.BAD_CONFIG, e.getMessage());
    }
  }

  /** The compute budget: a number in (0, 1] ({@link Budget}'s rule). */
  Budget.Fixed budget(String f, Budget.Fixed def) throws ProtocolException {
    if (!has(f)) return def;
    double b = number(f, 0);
    try {
      return Budget.fixed(prefix + "." + f, b, shown(node.get(f)));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.BAD_CONFIG, e.getMessage());
    }
  }

  /** A positive number of seconds. */
  double seconds(String f, double def) throws ProtocolException {
    double s = number(f, def);
    if (!(s > 0 && s <= 86_400)) throw bad(f, node.get(f), "must be in (0, 86400] seconds");
    return s;
  }

  boolean bool(String f, boolean def) throws ProtocolException {
    if (!has(f)) return def;
    JsonNode v = node.get(f);
    if (!v.isBoolean()) throw bad(f, v, "must be true or false");
    return v.booleanValue();
  }

  String string(String f) throws ProtocolException {
    if (!has(f)) throw new ProtocolException(ErrorCode.BAD_CONFIG, prefix + "." + f + ": required");
    JsonNode v = node.get(f);
    if (!v.isTextual()) throw bad(f, v, "must be a string");
    return v.textValue();
  }

  /** A nested object's fields, named {@code prefix.f.x}; null when absent. */
  Fields object(String f, List<String> allowed) throws ProtocolException {
    if (!has(f)) return null;
    JsonNode v = node.get(f);
    if (!v.isObject()) throw bad(f, v, "must be an object");
    return new Fields(prefix + "." + f, (ObjectNode) v, allowed);
  }

  ProtocolException bad(String f, JsonNode v, String what) {
    return new ProtocolException(ErrorCode.BAD_CONFIG, prefix + "." + f + " = " + shown(v) + ": " + what);
  }

  /** A value as the client wrote it, cut to 60 characters. */
  private static String shown(JsonNode v) {
    String shown = v.toString();
    return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
  }
}
