package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.budget.Budget;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.Transcript;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/transcribe} decodes the body at the model's rate, whatever the file's. */
class ModelRateEndpointTest {

  @Test
  void an8kHzModelIsFed8kHz() throws Exception {
    Recognizer at8k = TestServer.at8kHz();
    byte[] wav = Files.readAllBytes(Path.of("samples/cathy_arctic_a0001_16k.wav"));
    Transcript expected = at8k.transcribe(AudioDecoder.toMono(AudioDecoder.decode(wav), 8000), Budget.FULL);
    try (TestServer s = TestServer.start(TestServer.config(), at8k)) {
      Http.Response r = s.http().post("/v1/transcribe", "audio/wav", wav);
      assertEquals(200, r.status(), r.body());
      JsonNode j = Schema.http(r.body(), true);
      assertEquals(expected.text(), j.get("text").asText());
      assertEquals(expected.durationSeconds(), j.get("duration").asDouble(), 1e-3);
      // One compute value per 40 ms frame of the audio (fed at 16 kHz, an 8 kHz front end sees twice as many).
      assertEquals(expected.frameCompute().length, j.get("compute").get("frames").size());
    }
  }
}
