package org.acmasr.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.acmasr.config.KafkaConfig;
import org.acmasr.kafka.proto.FailedRecord;
import org.acmasr.kafka.proto.TranscriptRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads transcripts (and optionally dead letters) as they are committed: a read_committed consumer,
 * so an aborted transaction's records are never seen. Without a group it reads every partition from
 * the end (or the beginning); with one, from the group's committed position.
 */
public final class TranscriptTail implements AutoCloseable {

  /** Receives records on the thread that runs {@link #run}. */
  public interface Listener {
    void transcript(TranscriptRecord t);

    void deadLetter(FailedRecord f);
  }

  private final KafkaConfig config;
  private final boolean deadLetters;
  private final KafkaConsumer<byte[], byte[]> consumer;

  /**
   * @param deadLetters   also read the dead-letter topic
   * @param fromBeginning start at the beginning instead of the end (without a group) or of the group's
   *                      committed position (with one: each partition is rewound once when first assigned)
   * @param groupId       a consumer group whose position is kept between runs, or null
   */
  public TranscriptTail(KafkaConfig config, boolean deadLetters, boolean fromBeginning, String groupId) {
    this.config = config;
    this.deadLetters = deadLetters;
    this.consumer = KafkaClients.reader(config, groupId);
    List<String> topics = deadLetters ? List.of(config.transcriptTopic(), config.deadLetterTopic())
        : List.of(config.transcriptTopic());
    if (groupId != null) {
      if (!fromBeginning) {
        consumer.subscribe(topics);
        return;
      }
      Set<TopicPartition> rewound = new HashSet<>();
      consumer.subscribe(topics, new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          List<TopicPartition> fresh = partitions.stream().filter(rewound::add).toList();
          if (!fresh.isEmpty()) consumer.seekToBeginning(fresh);
        }
      });
      return;
    }
    List<TopicPartition> tps = new ArrayList<>();
    for (String t : topics) {
      var infos = consumer.partitionsFor(t, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) throw new IllegalArgumentException("topic " + t + " does not exist");
      infos.forEach(i -> tps.add(new TopicPartition(t, i.partition())));
    }
    consumer.assign(tps);
    if (fromBeginning) consumer.seekToBeginning(tps);
    else consumer.seekToEnd(tps);
    tps.forEach(consumer::position); // fix the start now, before anything new is committed
  }

  /**
   * Polls until {@code max} records were delivered (0: no limit) or nothing arrived for
   * {@code idle} (null: wait for ever).
   *
   * @return records delivered
   * @throws InvalidProtocolBufferException for a record on these topics that is not ours
   */
  public int run(Listener listener, int max, Duration idle) throws InvalidProtocolBufferException {
    int n = 0;
    long last = System.nanoTime();
    while (max == 0 || n < max) {
      var records = consumer.poll(Duration.ofMillis(200));
      for (ConsumerRecord<byte[], byte[]> r : records) {
        if (r.topic().equals(config.transcriptTopic())) listener.transcript(TranscriptRecord.parseFrom(r.value()));
        else if (deadLetters) listener.deadLetter(FailedRecord.parseFrom(r.value()));
        n++;
        last = System.nanoTime();
        if (max != 0 && n >= max) break;
      }
      if (idle != null && System.nanoTime() - last > idle.toNanos()) break;
    }
    return n;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
