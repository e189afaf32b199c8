package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.acmasr.budget.Budget;
import org.acmasr.audio.PcmEncoding;
import org.acmasr.config.LimitsConfig;
import org.acmasr.decode.Word;
import org.acmasr.engine.Endpointing;
import org.acmasr.engine.Segment;
import org.acmasr.engine.Transcript;
import org.acmasr.engine.TranscriptJson;
import org.acmasr.server.protocol.ErrorCode;
import org.acmasr.server.protocol.Messages;
import org.acmasr.server.protocol.SessionConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code proto/acmasr/listen.proto} is the contract of the JSON the server writes by hand: every kind
 * of message it can send parses with protobuf's strict JSON parser (no unknown field, no wrong type)
 * into the message its type names. The WebSocket tests check every message they receive the same way.
 */
class WireSchemaTest {
  private static final List<Word> WORDS = List.of(new Word("hello", 0.12, 0.48, 0.93), new Word("world", 0.5, 0.9, 0.5));

  private static Segment segment(boolean isFinal) {
    return new Segment(3, "hello world", WORDS, 0.0, 0.96, isFinal, 0.5, 0.532, new float[] {0.5f, 0.564f});
  }

  @Test
  void readyWithAndWithoutEndpointing() {
    for (Endpointing e : List.of(Endpointing.defaults(), Endpointing.off())) {
      SessionConfig c = new SessionConfig(PcmEncoding.PCM_S16LE, 16000, 2, Budget.fixed(0.5), true, false, e);
      Schema.server(Messages.ready("s-1", c, LimitsConfig.defaults(), 0.28));
    }
  }

  @Test
  void partialsAndFinalsWithAndWithoutWords() {
    for (boolean words : new boolean[] {true, false}) {
      Schema.server(Messages.result(segment(false), words, false));
      Schema.server(Messages.result(segment(true), words, true));
    }
  }

  @Test
  void everyErrorCode() {
    for (ErrorCode code : ErrorCode.values()) {
      Schema.server(Messages.error(code, "start.budget = 1.5: must be in (0, 1]", code.ordinal() % 2 == 0));
      Schema.http(Messages.write(Messages.errorJson(code, "bad")), false);
    }
  }

  @Test
  void theBatchTranscription() {
    Transcript t = new Transcript("hello world", WORDS, List.of(segment(true)), 0.96, 0.5, 0.532,
        new float[] {0.5f, 0.564f}, 0.1);
    ObjectNode json = TranscriptJson.toJson(t, 0.04);
    json.put("model", "acm-en@1c2d3e4f");
    assertEquals("hello world", Schema.http(Messages.write(json), true).get("text").asText());
  }
}
