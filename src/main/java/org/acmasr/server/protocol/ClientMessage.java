package org.acmasr.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.acmasr.budget.Budget;

/**
 * A parsed client text message: a JSON object whose string {@code type} names it.
 *
 * @param type the message type
 * @param body the whole object
 */
public record ClientMessage(Type type, ObjectNode body) {

  /** The client message types. */
  public enum Type {
    START("start"), CONFIGURE("configure"), FINALIZE("finalize"), KEEPALIVE("keepalive"), CLOSE("close");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * @throws ProtocolException {@link ErrorCode#BAD_JSON} for text that is not a JSON object with a
   *     string {@code type}, {@link ErrorCode#UNKNOWN_TYPE} for a type the protocol lacks
   */
  public static ClientMessage parse(String text) throws ProtocolException {
    JsonNode n = JsonObjects.parse(text, null);
    JsonNode t = n.get("type");
    if (t == null || !t.isTextual()) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "a text message needs a string field \"type\"");
    }
    for (Type type : Type.values()) {
      if (type.wire.equals(t.textValue())) return new ClientMessage(type, (ObjectNode) n);
    }
    String shown = t.textValue().length() > 40 ? t.textValue().substring(0, 40) + "..." : t.textValue();
    throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type \"" + shown
        + "\"; expected start, configure, finalize, keepalive or close");
  }

  /** For messages without fields: rejects any field but {@code type}. */
  public void expectNoFields() throws ProtocolException {
    new Fields(type.wire, body, List.of());
  }

  /** The {@code budget} of a {@code configure} message: a number in (0, 1] or {@code "auto"} (with {@code budget_floor}). */
  public Budget configureBudget() throws ProtocolException {
    Fields f = new Fields(type.wire, body, List.of("budget", "budget_floor"));
    if (!f.has("budget")) throw new ProtocolException(ErrorCode.BAD_CONFIG, "configure.budget: required");
    return f.budgetOrAuto("budget", "budget_floor", Budget.FULL);
  }
}
