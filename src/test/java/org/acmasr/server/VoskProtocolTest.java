package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acmasr.config.VoskConfig;
import org.acmasr.decode.Word;
import org.acmasr.engine.Segment;
import org.acmasr.engine.Transcript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vosk clients against acm-asr: the message shapes of vosk-server ({@code websocket/asr_server.py}),
 * one reply per audio chunk, the final at {@code eof} then the close, on {@code /v1/vosk} and on the
 * Vosk port at {@code /}; results equal what offline {@code transcribe} gives for the same samples.
 */
class VoskProtocolTest {
  static final int CHUNK = 6400; // 0.2 s of 16 kHz 16-bit audio, as vosk-server's test clients send

  static TestServer server;
  static byte[] pcm;
  static Transcript offline;

  @TempDir
  Path dir;

  @BeforeAll
  static void up() throws Exception {
    server = TestServer.start(TestServer.config().withVosk(VoskConfig.defaults().withPort(0)));
    float[] speech = TestServer.speech();
    pcm = WsClient.s16(speech);
    offline = TestServer.offline(WsClient.quantized(speech), 1);
    assertFalse(offline.text().isBlank(), "the test model says something");
  }

  @AfterAll
  static void down() throws Exception {
    server.close();
  }

  private static VoskClient vosk() throws Exception {
    return VoskClient.connect(server.vertx, server.port, "/v1/vosk");
  }

  private static List<String> fields(JsonNode n) {
    List<String> f = new ArrayList<>();
    n.fieldNames().forEachRemaining(f::add);
    return f;
  }

  /** A reply as vosk-server shapes it; returns whether it is a final. */
  static boolean checkShape(JsonNode m, boolean words, boolean alternatives) {
    if (m.has("partial")) {
      assertEquals(List.of("partial"), fields(m), m.toString());
      assertTrue(m.get("partial").isTextual(), m.toString());
      return false;
    }
    JsonNode body = m;
    if (alternatives) {
      assertEquals(List.of("alternatives"), fields(m), m.toString());
      assertEquals(1, m.get("alternatives").size(), "the best path only: " + m);
      body = m.get("alternatives").get(0);
      assertTrue(body.get("confidence").isNumber(), m.toString());
    }
    assertTrue(body.get("text").isTextual(), m.toString());
    List<String> want = new ArrayList<>(List.of("text"));
    if (alternatives) want.add("confidence");
    if (body.has("result")) {
      assertTrue(words, "result only when words are asked for: " + m);
      want.add(0, "result");
      assertFalse(body.get("result").isEmpty(), m.toString());
      for (JsonNode w : body.get("result")) {
        assertEquals(alternatives ? List.of("end", "start", "word") : List.of("conf", "end", "start", "word"),
            fields(w), m.toString());
      }
    } else {
      assertTrue(!words || body.get("text").asText().isEmpty(), "words asked for but no result: " + m);
    }
    assertEquals(want, fields(body), m.toString());
    return true;
  }

  /** The finals' text and words equal offline transcribe's. */
  static void assertSameAsOffline(List<JsonNode> finals, boolean words) {
    List<String> text = new ArrayList<>();
    List<String> got = new ArrayList<>();
    for (JsonNode f : finals) {
      JsonNode body = f.has("alternatives") ? f.get("alternatives").get(0) : f;
      if (!body.get("text").asText().isEmpty()) text.add(body.get("text").asText());
      if (body.has("result")) {
        for (JsonNode w : body.get("result")) {
          got.add(w.get("word").asText() + "@" + w.get("start").asDouble() + "-" + w.get("end").asDouble());
        }
      }
    }
    assertEquals(String.join(" ", offline.segments().stream().map(Segment::text).filter(t -> !t.isEmpty()).toList()),
        String.join(" ", text));
    List<String> want = new ArrayList<>();
    if (words) {
      for (Word w : offline.words()) want.add(w.word() + "@" + round(w.start()) + "-" + round(w.end()));
    }
    assertEquals(want, got);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Lockstep: one reply per chunk plus the eof final, nothing after, then a normal close. */
  private static List<JsonNode> finalsOf(VoskClient c, List<JsonNode> replies, boolean words, boolean alts)
      throws Exception {
    assertEquals((pcm.length + CHUNK - 1) / CHUNK + 1, replies.size(), "one reply per chunk, one for eof");
    assertEquals(1000, c.closeCode(), "vosk-server closes after the eof final");
    assertEquals(List.of(), c.unread(), "nothing after the eof final");
    List<JsonNode> finals = new ArrayList<>();
    for (JsonNode m : replies) if (checkShape(m, words, alts)) finals.add(m);
    assertTrue(checkShape(replies.get(replies.size() - 1), words, alts), "eof is answered with a final");
    return finals;
  }

  @Test
  void lockstepClientGetsPartialsThenFinalsWithWordsEqualToOffline() throws Exception {
    VoskClient c = vosk();
    c.text("{\"config\": {\"sample_rate\": 16000, \"words\": true}}");
    List<JsonNode> replies = c.stream(pcm, CHUNK);
    List<JsonNode> finals = finalsOf(c, replies, true, false);
    assertTrue(replies.stream().anyMatch(m -> m.has("partial") && !m.get("partial").asText().isEmpty()),
        "partials while audio flows: " + replies);
    assertSameAsOffline(finals, true);
  }

  @Test
  void wordsOffAsVoskTestWordsSendsIt() throws Exception {
    VoskClient c = vosk();
    // websocket/test_words.py's config: a phrase list (ignored), a float rate and words as 0.
    c.text("{\"config\" : \n { \"phrase_list\" : [\"zero one two three\"],\n \"sample_rate\" : 16000.0,\n \"words\" : 0}}");
    List<JsonNode> finals = finalsOf(c, c.stream(pcm, CHUNK), false, false);
    assertSameAsOffline(finals, false);
  }

  @Test
  void alternativesComeAsOneBestPathWithWordsWithoutConf() throws Exception {
    VoskClient c = vosk();
    c.text("{\"config\" : { \"max_alternatives\" : 20, \"sample_rate\" : 16000 } }");
    List<JsonNode> finals = finalsOf(c, c.stream(pcm, CHUNK), true, true);
    assertSameAsOffline(finals, true);
  }

  @Test
  void budgetIsAnExtraConfigKeyAndFinalsThenReportCompute() throws Exception {
    VoskClient c = vosk();
    c.text("{\"config\": {\"sample_rate\": 16000, \"budget\": 0.5}}");
    List<JsonNode> replies = c.stream(pcm, CHUNK);
    assertEquals(1000, c.closeCode());
    JsonNode last = replies.get(replies.size() - 1);
    assertEquals(0.5, last.get("compute").get("budget").asDouble(), last.toString());
    double used = last.get("compute").get("used").asDouble();
    assertTrue(used > 0 && used <= 1, last.toString());
    for (JsonNode m : replies) {
      assertEquals(m.has("text"), m.has("compute"), "every final, and only finals, report compute: " + m);
    }
  }

  @Test
  void eofWithoutAudioIsAnEmptyFinalThenTheClose() throws Exception {
    VoskClient c = vosk();
    JsonNode f = c.eof();
    assertEquals("{\"text\":\"\"}", f.toString());
    assertEquals(1000, c.closeCode());
  }

  @Test
  void voskPortServesTheProtocolAtRootWithTheVoskDefaultRateOf8k() throws Exception {
    assertTrue(server.server.voskPort() > 0 && server.server.voskPort() != server.port);
    // No config at all: vosk-server assumes 8000 Hz; send the clip at 8 kHz.
    float[] eight = org.acmasr.audio.AudioDecoder.loadMono(
        org.acmasr.testutil.TestData.clip(org.acmasr.testutil.TestData.CLIP_8K), null, 16000);
    float[] at8k = new float[eight.length / 2];
    for (int i = 0; i < at8k.length; i++) at8k[i] = eight[2 * i];
    VoskClient c = VoskClient.connect(server.vertx, server.server.voskPort(), "/");
    byte[] audio = WsClient.s16(at8k);
    List<JsonNode> replies = new ArrayList<>();
    for (int off = 0; off < audio.length; off += 3200) {
      replies.add(c.chunk(java.util.Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 3200))));
    }
    replies.add(c.eof());
    assertEquals(1000, c.closeCode());
    for (JsonNode m : replies) checkShape(m, true, false);
    assertTrue(replies.stream().anyMatch(m -> m.has("text") && !m.get("text").asText().isEmpty()), replies.toString());
  }

  @Test
  void nodeWsClientGetsPartialsAndFinalsWithWords() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    boolean node = nodeWithWs();
    assumeTrue(node || ci, "node with the ws package is not installed and CI is not true: skipped");
    assertTrue(node, "CI=true but node or its ws package is missing: run deploy/install-system-deps.sh");
    Path raw = dir.resolve("speech.raw");
    Files.write(raw, pcm);
    Path script = Path.of("src/test/resources/vosk/vosk-client.js").toAbsolutePath();
    Process p = node(script.toString(), "ws://127.0.0.1:" + server.server.voskPort() + "/", raw.toString(), "16000",
        String.valueOf(CHUNK), "{\"words\": true}");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(90, TimeUnit.SECONDS));
    List<String> lines = out.lines().toList();
    assertEquals("CLOSED 1000", lines.get(lines.size() - 1), out);
    List<JsonNode> replies = new ArrayList<>();
    for (String l : lines.subList(0, lines.size() - 1)) replies.add(Schema.JSON.readTree(l));
    assertEquals((pcm.length + CHUNK - 1) / CHUNK + 1, replies.size(), out);
    List<JsonNode> finals = new ArrayList<>();
    for (JsonNode m : replies) if (checkShape(m, true, false)) finals.add(m);
    assertTrue(replies.stream().anyMatch(m -> m.has("partial") && !m.get("partial").asText().isEmpty()), out);
    assertSameAsOffline(finals, true);
  }

  private static boolean nodeWithWs() {
    try {
      Process p = node("-e", "require('ws')");
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** node with Debian's module folder on its path (node-ws installs {@code ws} there). */
  private static Process node(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    String path = System.getenv("NODE_PATH");
    pb.environment().put("NODE_PATH", path == null || path.isEmpty() ? "/usr/share/nodejs" : path + ":/usr/share/nodejs");
    return pb.start();
  }
}
