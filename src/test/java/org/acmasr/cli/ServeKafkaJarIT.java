package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acmasr.kafka.EmbeddedKafka;
import org.acmasr.kafka.KafkaConfig;
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

      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar",
          System.getProperty("acm.jar", "target/acm-asr.jar"), "serve", "--model", model.toString(), "--config",
          config.toString(), "--host", "127.0.0.1", "--port", "0", "--kafka", kafka.bootstrap(), "--instance-id",
          "srv-1");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      List<String> log = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            lines.add(l);
            log.add(l);
          }
        } catch (Exception e) {
          // the process ended
        }
      });
      reader.start();
      try {
        int port = -1;
        boolean ready = false;
        boolean worker = false;
        Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!(ready && worker) && System.nanoTime() < deadline) {
          String l = lines.poll(1, TimeUnit.SECONDS);
          if (l == null) continue;
          Matcher m = listening.matcher(l);
          if (m.find()) port = Integer.parseInt(m.group(1));
          worker |= l.contains("acm-asr serve: kafka worker srv-1: srv.audio -> srv.transcripts");
          ready |= l.contains("acm-asr serve: ready");
        }
        assertTrue(ready && worker && port > 0, "serve --kafka did not start:\n" + String.join("\n", log));
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
        assertEquals(0, tail.code(), tail.err() + "\n" + String.join("\n", log));
        String expected = KafkaFixtures.recognizer(tiny).transcribe(KafkaFixtures.samples(Files.readAllBytes(mp3)), 0.5)
            .text();
        assertEquals("via-serve\t" + expected, tail.out().strip());
        assertEquals(1, kafka.readAll(cfg.transcriptTopic(), true).size(), "exactly one committed transcript");

        p.toHandle().destroy(); // SIGTERM: the Kafka worker is undeployed, then the service drains
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve exited:\n" + String.join("\n", log));
        assertEquals(143, p.exitValue());
      } finally {
        p.destroyForcibly();
        reader.join(5000);
      }
    }
  }
}
