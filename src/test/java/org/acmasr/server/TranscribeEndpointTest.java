package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.cli.Main;
import org.acmasr.config.LimitsConfig;
import org.acmasr.engine.SchedulerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/transcribe answers with the JSON of `transcribe --json`, and refuses bad requests by name. */
class TranscribeEndpointTest {
  @TempDir
  static Path dir;
  private static TestServer server;
  private static Path model;

  @BeforeAll
  static void up() throws Exception {
    server = TestServer.start(TestServer.config());
    model = TestServer.modelFile(dir);
  }

  @AfterAll
  static void down() throws Exception {
    server.close();
  }

  /** `transcribe --json` in process, without the fields that differ by nature (file, timing). */
  private static ObjectNode cli(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> a = new ArrayList<>(List.of("transcribe", "--json", "--model", model.toString()));
    a.addAll(List.of(args));
    assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), a.toArray(String[]::new)), err.toString());
    ObjectNode j = (ObjectNode) Schema.JSON.readTree(out.toString().lines().findFirst().orElseThrow());
    j.remove(List.of("file", "processing_seconds", "x_real_time"));
    return j;
  }

  private static ObjectNode post(String uri, String type, byte[] body) throws Exception {
    Http.Response r = server.http().post(uri, type, body);
    assertEquals(200, r.status(), r.body());
    assertTrue(r.headers().get("Content-Type").startsWith("application/json"));
    ObjectNode j = (ObjectNode) Schema.http(r.body(), true);
    assertTrue(j.get("processing_seconds").asDouble() > 0);
    j.remove(List.of("processing_seconds", "x_real_time"));
    return j;
  }

  private static JsonNode refused(String uri, String type, byte[] body, int status, String code) throws Exception {
    Http.Response r = server.http().post(uri, type, body);
    assertEquals(status, r.status(), r.body());
    JsonNode e = Schema.http(r.body(), false);
    assertEquals("error", e.get("type").asText());
    assertEquals(code, e.get("code").asText(), r.body());
    return e;
  }

  @Test
  void wavMp3FlacAndRawPcmGiveTheJsonOfTranscribe() throws Exception {
    Path wav = Path.of("samples/cathy_arctic_a0001_16k.wav");
    Path mp3 = Path.of("samples/cathy_arctic_a0001.mp3");
    Path flac = dir.resolve("ref.flac");
    try (var in = getClass().getResourceAsStream("/fixtures/cathy_16k_reference.flac")) {
      Files.copy(in, flac);
    }
    ObjectNode fromWav = post("/v1/transcribe", "audio/wav", Files.readAllBytes(wav));
    assertEquals(cli(wav.toString()), fromWav);
    assertTrue(fromWav.get("words").size() > 0);
    assertEquals("random-9", fromWav.get("model").asText());
    assertEquals(cli("--budget", "0.5", mp3.toString()), post("/v1/transcribe?budget=0.5", "audio/mpeg", Files.readAllBytes(mp3)));
    assertEquals(cli(flac.toString()), post("/v1/transcribe", "audio/flac", Files.readAllBytes(flac)));
    Path wav22 = Path.of("samples/ljspeech_LJ001-0002_22k.wav");
    assertEquals(cli(wav22.toString()), post("/v1/transcribe", "audio/x-wav", Files.readAllBytes(wav22)));
    // Raw PCM: the WAV's samples without the header, declared by query parameters.
    float[] samples = AudioDecoder.decode(Files.readAllBytes(wav)).downmix();
    byte[] pcm = WsClient.s16(samples);
    Path raw = dir.resolve("a.pcm");
    Files.write(raw, pcm);
    assertEquals(cli("--raw", "pcm_s16le", "--rate", "16000", raw.toString()),
        post("/v1/transcribe?encoding=pcm_s16le&sample_rate=16000", "audio/pcm", pcm));
  }

  @Test
  void badRequestsAreRefusedWithTheirCode() throws Exception {
    byte[] wav = Files.readAllBytes(Path.of("samples/cathy_arctic_a0001_16k.wav"));
    assertTrue(refused("/v1/transcribe", "text/plain", wav, 415, "unsupported_media_type").get("message").asText()
        .contains("text/plain"));
    refused("/v1/transcribe", null, wav, 415, "unsupported_media_type");
    JsonNode junk = refused("/v1/transcribe", "audio/wav", "definitely not audio".getBytes(), 400, "bad_audio");
    assertTrue(junk.get("message").asText().contains("unrecognised") || junk.get("message").asText().contains("first"),
        junk.toString());
    refused("/v1/transcribe", "audio/wav", new byte[0], 400, "bad_audio");
    assertEquals("budget = 2: must be in (0, 1]",
        refused("/v1/transcribe?budget=2", "audio/wav", wav, 400, "bad_config").get("message").asText());
    assertEquals("budget = abc: must be a number",
        refused("/v1/transcribe?budget=abc", "audio/wav", wav, 400, "bad_config").get("message").asText());
    assertEquals("sample_rate: required for raw PCM",
        refused("/v1/transcribe?encoding=pcm_s16le", "audio/pcm", wav, 400, "bad_config").get("message").asText());
    assertEquals("encoding = ulaw: must be pcm_s16le or pcm_f32le",
        refused("/v1/transcribe?encoding=ulaw&sample_rate=8000", "audio/pcm", wav, 400, "bad_config").get("message").asText());
    assertTrue(refused("/v1/transcribe?lang=en", "audio/wav", wav, 400, "bad_config").get("message").asText()
        .startsWith("unknown query parameter \"lang\""));
    assertTrue(refused("/v1/transcribe?encoding=pcm_s16le&sample_rate=16000", "audio/pcm", new byte[101], 400, "bad_audio")
        .get("message").asText().contains("byte count 101 is not a multiple of 2"));
    refused("/v1/transcribe?encoding=pcm_s16le&sample_rate=16000", "audio/wav", wav, 415, "unsupported_media_type");
  }

  /** Every failure kind leaves every stream slot free again. */
  @AfterEach
  void everySlotIsFreeAgain() throws Exception {
    assertTrue(TestServer.await(() -> server.openStreams() == 0), server.openStreams() + " slot(s) still held");
  }

  /**
   * The request: PCM declared at 1 kHz lasts hours; it is refused from its declared length
   * before anything is decoded or resampled (it used to exhaust the heap and leak a slot).
   */
  @Test
  void audioOverTheDurationLimitIsRefusedBeforeDecoding() throws Exception {
    byte[] body = new byte[15 << 19]; // 7.5 MiB of silence at 1 kHz: 3932 s, over the default 3600 s
    long t0 = System.nanoTime();
    JsonNode e = refused("/v1/transcribe?encoding=pcm_s16le&sample_rate=1000", "audio/pcm", body, 413, "audio_too_long");
    assertEquals("raw pcm_s16le: audio lasts 3932.2 s, more than the limit of 3600 s (engine.max_audio_seconds)",
        e.get("message").asText());
    assertTrue((System.nanoTime() - t0) / 1e9 < 20, "refused without decoding");
    try (TestServer small = TestServer.start(SchedulerConfig.defaults().withMaxAudioSeconds(2))) {
      for (String f : List.of("samples/cathy_arctic_a0001.mp3", "samples/cathy_arctic_a0001_16k.wav")) {
        Http.Response r = small.http().post("/v1/transcribe", f.endsWith("mp3") ? "audio/mpeg" : "audio/wav",
            Files.readAllBytes(Path.of(f)));
        assertEquals(413, r.status(), r.body());
        assertEquals("audio_too_long", Schema.http(r.body(), false).get("code").asText());
      }
      assertEquals(0, small.openStreams());
    }
  }

  /** Float samples out of range are bad_audio naming the range, never an internal error from NaN in the model. */
  @Test
  void outOfRangeFloatSamplesAreBadAudio() throws Exception {
    float[] x = new float[16000];
    x[5] = 1e38f;
    x[6] = -1e38f;
    JsonNode e = refused("/v1/transcribe?encoding=pcm_f32le&sample_rate=16000", "audio/pcm", WsClient.f32(x), 400,
        "bad_audio");
    assertTrue(e.get("message").asText().startsWith("pcm_f32le: sample 5 is 1.0E38, outside the accepted range [-2.0, 2.0]"),
        e.toString());
    byte[] s16 = WsClient.s16(TestServer.speech()); // 16-bit PCM sent as f32: a plausible client bug
    refused("/v1/transcribe?encoding=pcm_f32le&sample_rate=16000", "audio/pcm", s16, 400, "bad_audio");
  }

  private static JsonNode typed(Http.Response r, int status, String code) throws Exception {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.headers().get("Content-Type").startsWith("application/json"), r.headers().toString());
    JsonNode e = Schema.http(r.body(), false);
    assertEquals(code, e.get("code").asText(), r.body());
    return e;
  }

  /** The cases that got plain text, HTML or raw exception text: every one is typed JSON now. */
  @Test
  void everyHttpErrorIsTypedJson() throws Exception {
    byte[] wav = Files.readAllBytes(Path.of("samples/cathy_arctic_a0001_16k.wav"));
    // curl -d @file: a form body never reaches a form parser
    JsonNode form = refused("/v1/transcribe", "application/x-www-form-urlencoded", wav, 415, "unsupported_media_type");
    assertTrue(form.get("message").asText().contains("--data-binary"), form.toString());
    refused("/v1/transcribe", "multipart/form-data; boundary=x", wav, 415, "unsupported_media_type");
    for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE)) {
      Http.Response r = server.http().send(m, "/v1/transcribe", null, m == HttpMethod.PUT ? wav : null);
      JsonNode e = typed(r, 405, "method_not_allowed");
      assertEquals("POST", r.headers().get("Allow"));
      assertTrue(e.get("message").asText().startsWith(m.name() + " /v1/transcribe is not supported"), e.toString());
    }
    typed(server.http().post("/v1/listen", "audio/wav", wav), 405, "method_not_allowed");
    typed(server.http().get("/v1/nothing"), 404, "not_found");
    assertEquals("query parameter \"budget\" is given 2 times; give it once",
        refused("/v1/transcribe?budget=0.5&budget=1", "audio/wav", wav, 400, "bad_config").get("message").asText());
    // A corrupt FLAC: the decoder's typed message, never jflac's exception text.
    byte[] flac;
    try (var in = getClass().getResourceAsStream("/fixtures/cathy_16k_reference.flac")) {
      flac = in.readAllBytes();
    }
    java.util.Arrays.fill(flac, 19000, 24000, (byte) 0x5A);
    String m = refused("/v1/transcribe", "audio/flac", flac, 400, "bad_audio").get("message").asText();
    assertTrue(m.startsWith("FLAC: ") && !m.contains("Exception"), m);
    // An MP3 with a damaged stretch: refused with how much was lost, not a silent partial transcript.
    byte[] mp3 = Files.readAllBytes(Path.of("samples/cathy_arctic_a0001.mp3"));
    java.util.Arrays.fill(mp3, 5000, 9096, (byte) 0);
    assertTrue(refused("/v1/transcribe", "audio/mpeg", mp3, 400, "bad_audio").get("message").asText()
        .startsWith("MP3: corrupt data: "));
  }

  @Test
  void bodiesOverTheLimitGet413() throws Exception {
    try (TestServer small = TestServer.start(TestServer.config().withLimits(new LimitsConfig(64 * 1024, 20, 600, 4096)))) {
      Http.Response r = small.http().post("/v1/transcribe", "audio/wav",
          Files.readAllBytes(Path.of("samples/cathy_arctic_a0001_16k.wav")));
      assertEquals(413, r.status(), r.body());
      JsonNode e = Schema.http(r.body(), false);
      assertEquals("body_too_large", e.get("code").asText());
      assertTrue(e.get("message").asText().contains("limits.max_body_bytes = 4096"), r.body());
    }
  }
}
