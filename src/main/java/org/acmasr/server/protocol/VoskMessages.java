package org.acmasr.server.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.acmasr.engine.Segment;
import org.acmasr.engine.TranscriptJson;

/**
 * The server's text messages in vosk-server's shapes:
 * <pre>
 * {"partial": "..."}
 * {"result": [{"conf", "end", "start", "word"}], "text": "..."}     ("result" only with words and some word)
 * {"alternatives": [{"result": [{"end", "start", "word"}], "text": "...", "confidence": c}]}  (max_alternatives > 0)
 * </pre>
 * A final also carries {@code "compute": {"budget", "used"}} when the client set acm-asr's {@code budget}.
 */
public final class VoskMessages {
  private VoskMessages() {}

  public static String partial(String text) {
    ObjectNode o = TranscriptJson.mapper().createObjectNode();
    o.put("partial", text);
    return Messages.write(o);
  }

  /** One final from {@code segments} (several are joined: the end of stream sends everything left as one). */
  public static String result(List<Segment> segments, VoskOptions options) {
    StringBuilder text = new StringBuilder();
    for (Segment s : segments) {
      if (s.text().isBlank()) continue;
      if (text.length() > 0) text.append(' ');
      text.append(s.text().strip());
    }
    ObjectNode o = TranscriptJson.mapper().createObjectNode();
    if (options.maxAlternatives() > 0) {
      ObjectNode alt = o.putArray("alternatives").addObject();
      putWords(alt, segments, options, false);
      alt.put("text", text.toString());
      alt.put("confidence", TranscriptJson.round(TranscriptJson.meanConfidence(segments), 4));
    } else {
      putWords(o, segments, options, true);
      o.put("text", text.toString());
    }
    if (options.budgetGiven()) {
      double frames = 0;
      double used = 0;
      for (Segment s : segments) {
        frames += s.frameCompute().length;
        for (float f : s.frameCompute()) used += f;
      }
      ObjectNode c = o.putObject("compute");
      c.put("budget", TranscriptJson.round(options.budget().value(), 4));
      c.put("used", TranscriptJson.round(frames == 0 ? 0 : used / frames, 4));
    }
    return Messages.write(o);
  }

  private static void putWords(ObjectNode o, List<Segment> segments, VoskOptions options, boolean withConf) {
    if (!options.words()) return;
    ArrayNode words = TranscriptJson.voskWords(segments, withConf);
    if (!words.isEmpty()) o.set("result", words);
  }
}
