package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.acmasr.config.HttpConfig;
import org.acmasr.config.VoskConfig;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the Vosk endpoint gets /v1/listen's typed error message ({@code {"type": "error", "code",
 * "message", "fatal": true}}) and the same close code; every protocol error ends a Vosk session.
 */
class VoskBadInputTest extends SharedServer {
  private static VoskClient vosk() throws Exception {
    return VoskClient.connect(server.vertx, server.port, "/v1/vosk");
  }

  /** The error reply, then the close with {@code closeCode} and the code as the reason. */
  private static JsonNode expectFatal(VoskClient c, String code, int closeCode) throws Exception {
    JsonNode e = c.next();
    while (e.has("partial")) e = c.next(); // replies to audio sent before the bad message
    assertEquals("error", e.get("type").asText(), e.toString());
    return c.assertFatal(e, code, closeCode);
  }

  private static String message(String text, String code) throws Exception {
    VoskClient c = vosk();
    c.text(text);
    return expectFatal(c, code, 1008).get("message").asText();
  }

  @Test
  void garbageAndUnknownMessages() throws Exception {
    assertTrue(message("{not json", "bad_json").startsWith("not valid JSON"));
    assertTrue(message("[1]", "bad_json").contains("must be a JSON object"));
    assertTrue(message("{\"config\": {}, \"config\": {}}", "bad_json").contains("Duplicate field"));
    assertTrue(message("{\"hello\": 1}", "unknown_type").contains("{\"config\": {...}} or {\"eof\": 1}"));
    assertTrue(message("{\"config\": {}, \"eof\": 1}", "unknown_type").contains("[\"config\",\"eof\"]"));
    assertBadConfig("eof = 0: must be 1", "{\"eof\": 0}");
  }

  @Test
  void badConfigValuesNameTheKey() throws Exception {
    assertBadConfig("config.sample_rate = 96000: must be in [8000, 48000]", "{\"config\": {\"sample_rate\": 96000}}");
    assertBadConfig("config.sample_rate = 16000.5: must be an integer", "{\"config\": {\"sample_rate\": 16000.5}}");
    assertBadConfig("config.sample_rate = \"16000\": must be an integer", "{\"config\": {\"sample_rate\": \"16000\"}}");
    assertBadConfig("config.words = \"yes\": must be true, false, 1 or 0", "{\"config\": {\"words\": \"yes\"}}");
    assertBadConfig("config.max_alternatives = -1: must be in [0, 100]", "{\"config\": {\"max_alternatives\": -1}}");
    assertBadConfig("config.phrase_list = [1,2]: must be an array of strings", "{\"config\": {\"phrase_list\": [1, 2]}}");
    assertBadConfig("config.budget = 0: must be in (0, 1]", "{\"config\": {\"budget\": 0}}");
    assertBadConfig("config.grammar: unknown field; expected sample_rate, words, max_alternatives, phrase_list, budget",
        "{\"config\": {\"grammar\": [\"a\"]}}");
    assertBadConfig("config = 5: must be an object", "{\"config\": 5}");
  }

  @Test
  void configAfterAudioIsRefused() throws Exception {
    VoskClient c = vosk();
    c.text("{\"config\": {\"sample_rate\": 16000}}");
    c.chunk(new byte[3200]);
    c.text("{\"config\": {\"sample_rate\": 8000}}");
    assertTrue(expectFatal(c, "bad_state", 1008).get("message").asText().contains("config after the audio began"));
  }

  @Test
  void oddAndOversizedAudio() throws Exception {
    VoskClient odd = vosk();
    odd.binary(new byte[321]);
    assertTrue(expectFatal(odd, "odd_byte_count", 1007).get("message").asText().contains("321 bytes"));
    VoskClient big = vosk();
    big.binary(new byte[64 * 1024 + 2]);
    assertTrue(expectFatal(big, "frame_too_large", 1009).get("message").asText().contains("limits.max_frame_bytes"));
  }

  @Test
  void apiKeysAndSlotLimitsAreThoseOfListen() throws Exception {
    try (TestServer keyed = TestServer.start(TestServer.config()
        .withHttp(new HttpConfig("127.0.0.1", 0, null, List.of("k1"), 5))
        .withVosk(VoskConfig.defaults().withPort(0))
        .withEngine(org.acmasr.engine.SchedulerConfig.defaults().withMaxStreams(1)))) {
      int voskPort = keyed.server.voskPort();
      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> VoskClient.connect(keyed.vertx, keyed.port, "/v1/vosk"));
      assertTrue(refused.getCause().getMessage().contains("401"), refused.toString());
      assertThrows(ExecutionException.class, () -> VoskClient.connect(keyed.vertx, voskPort, "/"));
      VoskClient first = VoskClient.connect(keyed.vertx, voskPort, "/?token=k1");
      first.text("{\"config\": {\"sample_rate\": 16000}}");
      first.chunk(new byte[3200]); // holds the one slot
      VoskClient second = VoskClient.connect(keyed.vertx, keyed.port, "/v1/vosk?token=k1");
      assertTrue(expectFatal(second, "overloaded", 1013).get("message").asText().contains("engine.max_streams"));
      assertTrue(first.eof().has("text"), "the first stream is unaffected and ends with its final");
      assertEquals(1000, first.closeCode());
    }
  }

  /** {@code json} is refused as bad_config with exactly {@code expected} as the message. */
  private static void assertBadConfig(String expected, String json) throws Exception {
    assertEquals(expected, message(json, "bad_config"));
  }
}
