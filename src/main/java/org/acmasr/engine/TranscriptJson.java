package org.acmasr.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.acmasr.decode.Word;

/** The JSON form of a {@link Transcript}, shared by {@code transcribe --json} and the HTTP batch endpoint. */
public final class TranscriptJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TranscriptJson() {}

  /**
   * <pre>
   * {"text": "...", "duration": s, "words": [{"word", "start", "end", "confidence"}],
   *  "segments": [{"text", "start", "end"}],
   *  "compute": {"budget": β, "used": fraction, "frame_seconds": 0.04, "frames": [per-frame fraction]},
   *  "processing_seconds": s, "x_real_time": r}
   * </pre>
   */
  public static ObjectNode toJson(Transcript t, double frameSeconds) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("text", t.text());
    o.put("duration", round(t.durationSeconds(), 3));
    addWords(o.putArray("words"), t.words());
    ArrayNode segs = o.putArray("segments");
    for (Segment s : t.segments()) {
      ObjectNode n = segs.addObject();
      n.put("text", s.text());
      n.put("start", round(s.start(), 3));
      n.put("end", round(s.end(), 3));
    }
    ObjectNode c = o.putObject("compute");
    c.put("budget", round(t.budget(), 4));
    c.put("used", round(t.computeUsed(), 4));
    c.put("frame_seconds", frameSeconds);
    addFrames(c.putArray("frames"), t.frameCompute());
    o.put("processing_seconds", round(t.processingSeconds(), 4));
    o.put("x_real_time", round(t.realTimeMultiple(), 1));
    return o;
  }

  /** A segment's words as {@code [{"word", "start", "end", "confidence"}]}, rounded as in {@link #toJson}. */
  public static ArrayNode words(Segment s) {
    ArrayNode a = MAPPER.createArrayNode();
    addWords(a, s.words());
    return a;
  }

  /** A segment's per-frame compute fractions, rounded as in {@link #toJson}. */
  public static ArrayNode frames(Segment s) {
    ArrayNode a = MAPPER.createArrayNode();
    addFrames(a, s.frameCompute());
    return a;
  }

  /**
   * The words of {@code segments}, in order, in vosk-server's shape: {@code [{"word", "start", "end", "conf"}]}
   * ({@code conf} only when {@code withConf}; vosk-server's n-best entries carry none).
   */
  public static ArrayNode voskWords(List<Segment> segments, boolean withConf) {
    ArrayNode a = MAPPER.createArrayNode();
    for (Segment s : segments) {
      for (Word w : s.words()) {
        ObjectNode n = a.addObject();
        if (withConf) n.put("conf", round(w.confidence(), 4));
        n.put("end", round(w.end(), 3));
        n.put("start", round(w.start(), 3));
        n.put("word", w.word());
      }
    }
    return a;
  }

  /** The mean word confidence over {@code segments}; 0 when they hold no word. */
  public static double meanConfidence(List<Segment> segments) {
    double sum = 0;
    int n = 0;
    for (Segment s : segments) {
      for (Word w : s.words()) {
        sum += w.confidence();
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static void addWords(ArrayNode a, List<Word> words) {
    for (Word w : words) {
      ObjectNode n = a.addObject();
      n.put("word", w.word());
      n.put("start", round(w.start(), 3));
      n.put("end", round(w.end(), 3));
      n.put("confidence", round(w.confidence(), 4));
    }
  }

  private static void addFrames(ArrayNode a, float[] frames) {
    for (float f : frames) a.add(round(f, 3));
  }

  /** Rounds seconds and fractions for the wire (JSON numbers stay short). */
  public static double round(double v, int digits) {
    double s = Math.pow(10, digits);
    return Math.round(v * s) / s;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
