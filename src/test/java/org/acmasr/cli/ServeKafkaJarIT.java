package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.acmasr.budget.Budget;
import org.acmasr.config.KafkaConfig;
import org.acmasr.kafka.EmbeddedKafka;
import org.acmasr.kafka.KafkaFixtures;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --kafka BOOTSTRAP} as deployed: one process answers WebSocket/HTTP and consumes the audio
 * topic on the same engine; a submitted clip gets exactly one committed transcript equal to offline
 * transcription, and SIGTERM stops both.
 */
class ServeKafkaJarIT {
  @TempDir
  Path dir;

  @Test
  void serveAlsoRunsTheKafkaWorkerOnTheSameEngine() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      ModelData tiny = KafkaFixtures.tinyModel();
      Path model = dir.resolve("tiny.acm");
      ModelFile.write(model, tiny);
      KafkaConfig cfg = KafkaFixtures.config(kafka.bootstrap(), "srv", "srv-1", new JsonObject());
      JsonObject k = cfg.toJson();
      k.remove("bootstrap_servers");
      Path config = dir.resolve("acm-asr.json");
      Files.writeString(config, new JsonObject().put("kafka", k).encodePrettily());
      kafka.createTopics(1, cfg.audioTopic(), cfg.transcriptTopic(), cfg.deadLetterTopic());

      try (ServeProcess p = new ServeProcess("--model", model.toString(), "--config", config.toString(), "--kafka",
          kafka.bootstrap(), "--instance-id", "srv-1")) {
        int port = p.awaitReady(90, "acm-asr serve: kafka worker srv-1: srv.audio -> srv.transcripts");
        assertTrue(port > 0, "serve --kafka did not start:\n" + p.log());
        HttpResponse<String> readyz = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, readyz.statusCode(), readyz.body());

        Path mp3 = TestData.clip(TestData.CLIP_48K);
        var submit = FeaturesCommandTest.run("kafka", "submit", "--bootstrap", kafka.bootstrap(), "--config",
            config.toString(), "--id", "via-serve", "--budget", "0.5", mp3.toString());
        assertEquals(0, submit.code(), submit.err());
        var tail = FeaturesCommandTest.run("kafka", "tail", "--bootstrap", kafka.bootstrap(), "--config",
            config.toString(), "--from-beginning", "--count", "1", "--idle-timeout", "60");
        assertEquals(0, tail.code(), tail.err() + "\n" + p.log());
        String expected = KafkaFixtures.recognizer(tiny).transcribe(KafkaFixtures.samples(Files.readAllBytes(mp3)), Budget.fixed(0.5))
            .text();
        assertEquals("via-serve\t" + expected, tail.out().strip());
        assertEquals(1, kafka.readAll(cfg.transcriptTopic(), true).size(), "exactly one committed transcript");
        // The worker's counters are on the service's /metrics.
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("acm_kafka_transcripts_total 1.0"), metrics);
        assertTrue(metrics.contains("acm_kafka_partitions "), metrics);

        p.terminate(); // SIGTERM: the Kafka worker is undeployed, then the service drains
        assertTrue(p.process.waitFor(60, TimeUnit.SECONDS), "serve exited:\n" + p.log());
        assertEquals(143, p.process.exitValue());
      }
    }
  }
}
