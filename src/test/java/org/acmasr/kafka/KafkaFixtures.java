package org.acmasr.kafka;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.config.KafkaConfig;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.features.FbankConfig;
import org.acmasr.kafka.proto.FailedRecord;
import org.acmasr.kafka.proto.TranscriptRecord;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.testutil.TestData;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared pieces of the Kafka tests: a tiny random model, short real clips, configurations, record parsing. */
public final class KafkaFixtures {
  public static final String MODEL_ID = "tiny@test";

  private KafkaFixtures() {}

  /** A tiny random model: garbage but deterministic text, decoded fast. */
  public static ModelData tinyModel() {
    ModelConfig cfg = new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
    return ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 9));
  }

  public static Recognizer recognizer(ModelData model) {
    try {
      return new Recognizer(AcmModel.of(model), RecognizerConfig.defaults());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code n} shortest corpus clips of the test split that last at least {@code minMs}. */
  public static List<Path> clips(int n, int minMs) {
    Map<String, Integer> ms = TestData.durationsMs();
    try {
      List<String> lines = Files.readAllLines(TestData.corpus().resolve("test.tsv"));
      List<String> names = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) names.add(line.split("\t")[1]);
      return names.stream().filter(c -> ms.getOrDefault(c, 0) >= minMs)
          .sorted(Comparator.comparing((String c) -> ms.get(c)).thenComparing(c -> c)).limit(n)
          .map(TestData::clip).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 16 kHz mono samples of encoded audio, as {@code transcribe} computes them. */
  public static float[] samples(byte[] encoded) {
    try {
      return AudioDecoder.toMono(AudioDecoder.decode(encoded), 16000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Little-endian signed 16-bit PCM of samples in [-1, 1]. */
  public static byte[] s16le(float[] samples) {
    ByteBuffer b = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : samples) b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(f * 32767f))));
    return b.array();
  }

  /** Samples of little-endian signed 16-bit PCM. */
  public static float[] decodeS16(byte[] s16) {
    float[] out = new float[s16.length / 2];
    for (int k = 0; k < out.length; k++) out[k] = (short) ((s16[2 * k] & 0xFF) | (s16[2 * k + 1] << 8)) / 32768f;
    return out;
  }

  /**
   * Sends every request's records round-robin (one record of each request in turn), so that chunked
   * requests interleave with each other and with whole ones; keyed by request id.
   *
   * @return each request's record offsets and partition, in order
   */
  public static Map<String, List<org.apache.kafka.clients.producer.RecordMetadata>> sendInterleaved(
      org.apache.kafka.clients.producer.Producer<byte[], byte[]> producer, String topic,
      Map<String, List<org.acmasr.kafka.proto.AudioRecord>> requests) throws Exception {
    Map<String, List<org.acmasr.kafka.proto.AudioRecord>> left = new java.util.LinkedHashMap<>();
    requests.forEach((id, rs) -> left.put(id, new java.util.ArrayList<>(rs)));
    Map<String, List<org.apache.kafka.clients.producer.RecordMetadata>> sent = new java.util.LinkedHashMap<>();
    while (left.values().stream().anyMatch(l -> !l.isEmpty())) {
      for (var e : left.entrySet()) {
        if (e.getValue().isEmpty()) continue;
        var m = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
            e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), e.getValue().remove(0).toByteArray())).get();
        sent.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(m);
      }
    }
    return sent;
  }

  /** A worker configuration on topics named after {@code name}, with the given overrides. */
  public static KafkaConfig config(String bootstrap, String name, String instance, JsonObject overrides) {
    JsonObject j = new JsonObject().put("bootstrap_servers", bootstrap).put("audio_topic", name + ".audio")
        .put("transcript_topic", name + ".transcripts").put("dead_letter_topic", name + ".dead")
        .put("group_id", name + ".group").put("instance_id", instance).put("poll_timeout_ms", 100)
        .put("transaction_timeout_ms", 20_000);
    return KafkaConfig.fromJson(j.mergeIn(overrides));
  }

  public static TranscriptRecord transcript(ConsumerRecord<byte[], byte[]> r) {
    try {
      return TranscriptRecord.parseFrom(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FailedRecord deadLetter(ConsumerRecord<byte[], byte[]> r) {
    try {
      return FailedRecord.parseFrom(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T await(java.util.concurrent.CompletionStage<T> f) throws Exception {
    return f.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
