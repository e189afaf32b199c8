package org.acmasr.kafka;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.acmasr.budget.Budget;
import org.acmasr.kafka.proto.AudioChunk;
import org.acmasr.kafka.proto.AudioRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Puts requests on the audio topic, keyed by request id: one record for audio up to the chunk size,
 * else ordered chunks under the same key (the producer must be idempotent so that retries neither
 * duplicate nor reorder them, as {@link KafkaClients#submitter} is).
 */
public final class AudioSubmitter {

  /**
   * How a request's audio is declared.
   *
   * @param encoding   {@code auto} (WAV, MP3, FLAC), {@code pcm_s16le} or {@code pcm_f32le}
   * @param sampleRate raw PCM only (0 otherwise)
   * @param channels   raw PCM only (0 = 1)
   * @param budget     β or auto (with its floor), or null for the worker's default
   * @param metadata   echoed on the transcript
   */
  public record Declaration(String encoding, int sampleRate, int channels, Budget budget, Map<String, String> metadata) {
    public Declaration {
      metadata = Map.copyOf(metadata);
    }

    /** A self-describing container at the worker's default budget. */
    public static Declaration auto() {
      return new Declaration("auto", 0, 0, null, Map.of());
    }

    public Declaration withBudget(Budget b) {
      return new Declaration(encoding, sampleRate, channels, b, metadata);
    }

    public Declaration withMetadata(Map<String, String> m) {
      return new Declaration(encoding, sampleRate, channels, budget, m);
    }
  }

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final int chunkBytes;

  /** @param chunkBytes audio larger than this is sent as chunks of this size */
  public AudioSubmitter(Producer<byte[], byte[]> producer, String topic, int chunkBytes) {
    if (chunkBytes < 1) throw new IllegalArgumentException("chunk size = " + chunkBytes + ": must be at least 1 byte");
    this.producer = producer;
    this.topic = topic;
    this.chunkBytes = chunkBytes;
  }

  /** The records of one request, in the order they must be sent. */
  public List<AudioRecord> records(String requestId, byte[] audio, Declaration d) {
    if (requestId == null || requestId.isEmpty()) throw new IllegalArgumentException("request id must not be empty");
    AudioRecord.Builder head = AudioRecord.newBuilder().setRequestId(requestId).setEncoding(d.encoding())
        .setSampleRate(d.sampleRate()).setChannels(d.channels()).putAllMetadata(d.metadata());
    if (d.budget() instanceof Budget.Fixed f) head.setBudget(f.asFloat());
    if (d.budget() instanceof Budget.Auto a) {
      head.setBudgetAuto(true);
      if (!a.equals(Budget.AUTO)) head.setBudgetFloor((float) a.floor());
    }
    if (audio.length <= chunkBytes) return List.of(head.setAudio(ByteString.copyFrom(audio)).build());
    List<AudioRecord> out = new ArrayList<>();
    for (int seq = 0, pos = 0; pos < audio.length; seq++, pos += chunkBytes) {
      int end = Math.min(audio.length, pos + chunkBytes);
      AudioChunk c = AudioChunk.newBuilder().setSequence(seq).setLast(end == audio.length)
          .setData(ByteString.copyFrom(audio, pos, end - pos)).build();
      out.add(seq == 0 ? head.setChunk(c).build() : AudioRecord.newBuilder().setRequestId(requestId).setChunk(c).build());
    }
    return out;
  }

  /**
   * Sends one request and waits until the broker has every record.
   *
   * @return the records' metadata (partition and offsets), in order
   */
  public List<RecordMetadata> submit(String requestId, byte[] audio, Declaration d)
      throws InterruptedException, ExecutionException {
    List<Future<RecordMetadata>> sent = send(requestId, audio, d);
    producer.flush();
    List<RecordMetadata> out = new ArrayList<>();
    for (Future<RecordMetadata> f : sent) out.add(f.get());
    return out;
  }

  /** Sends one request without waiting (the producer batches); the futures complete when the broker has them. */
  public List<Future<RecordMetadata>> send(String requestId, byte[] audio, Declaration d) {
    byte[] key = requestId.getBytes(StandardCharsets.UTF_8);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (AudioRecord r : records(requestId, audio, d)) {
      sent.add(producer.send(new ProducerRecord<>(topic, key, r.toByteArray())));
    }
    return sent;
  }
}
