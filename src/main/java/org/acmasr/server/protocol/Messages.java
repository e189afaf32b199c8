package org.acmasr.server.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.acmasr.config.LimitsConfig;
import org.acmasr.engine.Segment;
import org.acmasr.engine.TranscriptJson;

/** The server's text messages (schema: {@code proto/acmasr/listen.proto}). */
public final class Messages {
  private Messages() {}

  public static String ready(String sessionId, SessionConfig config, LimitsConfig limits) {
    return ready(sessionId, config, limits, 0);
  }

  /**
   * @param config    the effective settings (the budget as raised to the model's floor)
   * @param minBudget the model's lowest reachable budget (0 = not calibrated)
   */
  public static String ready(String sessionId, SessionConfig config, LimitsConfig limits, double minBudget) {
    ObjectNode o = object("ready");
    o.put("session", sessionId);
    o.set("config", config.toJson());
    o.put("min_budget", TranscriptJson.round(minBudget, 4));
    ObjectNode l = o.putObject("limits");
    l.put("max_frame_bytes", limits.maxFrameBytes());
    l.put("idle_timeout_seconds", limits.idleTimeoutSeconds());
    l.put("max_session_seconds", limits.maxSessionSeconds());
    l.put("no_audio_timeout_seconds", limits.noAudioTimeoutSeconds());
    return write(o);
  }

  /**
   * A {@code partial} or {@code final} result.
   *
   * @param fromFinalize true for the final that answers a client's {@code finalize}
   */
  public static String result(Segment s, boolean words, boolean fromFinalize) {
    ObjectNode o = object(s.isFinal() ? "final" : "partial");
    o.put("segment", s.index());
    o.put("text", s.text());
    o.set("words", words ? TranscriptJson.words(s) : TranscriptJson.mapper().createArrayNode());
    o.put("start", TranscriptJson.round(s.start(), 3));
    o.put("end", TranscriptJson.round(s.end(), 3));
    ObjectNode c = o.putObject("compute");
    c.put("budget", TranscriptJson.round(s.budget(), 4));
    c.put("used", TranscriptJson.round(s.computeUsed(), 4));
    c.set("frames", TranscriptJson.frames(s));
    if (s.isFinal()) o.put("from_finalize", fromFinalize);
    return write(o);
  }

  public static String error(ErrorCode code, String message, boolean fatal) {
    return write(errorJson(code, message).put("fatal", fatal));
  }

  /** {@code {"type": "error", "code", "message"}}: also the body of HTTP error responses. */
  public static ObjectNode errorJson(ErrorCode code, String message) {
    ObjectNode o = object("error");
    o.put("code", code.wire());
    o.put("message", message);
    return o;
  }

  private static ObjectNode object(String type) {
    ObjectNode o = TranscriptJson.mapper().createObjectNode();
    o.put("type", type);
    return o;
  }

  public static String write(ObjectNode o) {
    try {
      return TranscriptJson.mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // an ObjectNode always serialises
    }
  }
}
