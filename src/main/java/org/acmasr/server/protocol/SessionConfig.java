package org.acmasr.server.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.acmasr.audio.AudioFormatException;
import org.acmasr.audio.PcmEncoding;
import org.acmasr.budget.Budget;
import org.acmasr.config.SessionDefaults;
import org.acmasr.engine.Endpointing;
import org.acmasr.engine.TranscriptJson;

/**
 * A stream's effective settings: the {@code start} message over the server's defaults.
 *
 * @param encoding       PCM sample encoding of the binary messages
 * @param sampleRate     8000 to 48000 Hz
 * @param channels       interleaved channels (down-mixed to mono)
 * @param budget         compute budget: β, or auto with a floor
 * @param interimResults whether {@code partial} messages are sent
 * @param wordTimestamps whether results carry {@code words}
 * @param endpointing    automatic segment ends
 */
public record SessionConfig(PcmEncoding encoding, int sampleRate, int channels, Budget budget, boolean interimResults,
    boolean wordTimestamps, Endpointing endpointing) {

  public static final int MIN_RATE = 8000;

  /** The same settings with the budget in force. */
  public SessionConfig withBudget(Budget b) {
    return new SessionConfig(encoding, sampleRate, channels, b, interimResults, wordTimestamps, endpointing);
  }
  public static final int MAX_RATE = 48000;
  public static final int MAX_CHANNELS = 8;
  private static final List<String> START_FIELDS = List.of("encoding", "sample_rate", "channels", "budget",
      "budget_floor", "interim_results", "word_timestamps", "endpointing");
  private static final List<String> ENDPOINT_FIELDS = List.of("enabled", "silence_without_speech",
      "silence_after_speech", "max_utterance");

  /** Parses a {@code start} message; {@code encoding} and {@code sample_rate} are required. */
  public static SessionConfig fromStart(ClientMessage start, SessionDefaults defaults) throws ProtocolException {
    Fields f = new Fields("start", start.body(), START_FIELDS);
    PcmEncoding encoding;
    String name = f.string("encoding");
    try {
      encoding = PcmEncoding.parse(name);
    } catch (AudioFormatException e) {
      throw f.bad("encoding", start.body().get("encoding"), "must be pcm_s16le or pcm_f32le");
    }
    if (!f.has("sample_rate")) throw new ProtocolException(ErrorCode.BAD_CONFIG, "start.sample_rate: required");
    int rate = f.integer("sample_rate", 0, MIN_RATE, MAX_RATE);
    int channels = f.integer("channels", 1, 1, MAX_CHANNELS);
    Budget budget = f.budgetOrAuto("budget", "budget_floor", Budget.fixed("decoder.budget", defaults.budget()));
    boolean interim = f.bool("interim_results", true);
    boolean words = f.bool("word_timestamps", true);
    Endpointing endpointing = endpointing(f.object("endpointing", ENDPOINT_FIELDS), defaults.endpointing());
    return new SessionConfig(encoding, rate, channels, budget, interim, words, endpointing);
  }

  private static Endpointing endpointing(Fields e, Endpointing def) throws ProtocolException {
    if (e == null) return def;
    if (!e.bool("enabled", true)) return Endpointing.off();
    Endpointing base = def.enabled() ? def : Endpointing.defaults();
    return new Endpointing(e.seconds("silence_without_speech", base.silenceWithoutSpeech()),
        e.seconds("silence_after_speech", base.silenceAfterSpeech()), e.seconds("max_utterance", base.maxUtterance()));
  }

  /** Bytes in one sample frame (every channel). */
  public int bytesPerFrame() {
    return encoding.bytesPerSample() * channels;
  }

  /** The settings as {@code ready.config} shows them. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("encoding", encoding.wireName());
    o.put("sample_rate", sampleRate);
    o.put("channels", channels);
    if (budget instanceof Budget.Auto a) {
      o.put("budget", "auto").put("budget_floor", TranscriptJson.round(a.floor(), 4));
    } else {
      o.put("budget", ((Budget.Fixed) budget).value());
    }
    o.put("interim_results", interimResults);
    o.put("word_timestamps", wordTimestamps);
    ObjectNode ep = o.putObject("endpointing");
    ep.put("enabled", endpointing.enabled());
    if (endpointing.enabled()) {
      putSeconds(ep, "silence_without_speech", endpointing.silenceWithoutSpeech());
      putSeconds(ep, "silence_after_speech", endpointing.silenceAfterSpeech());
      putSeconds(ep, "max_utterance", endpointing.maxUtterance());
    }
    return o;
  }

  private static void putSeconds(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) o.put(key, v);
  }
}
