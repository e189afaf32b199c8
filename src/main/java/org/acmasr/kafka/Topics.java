package org.acmasr.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/** Creating topics for the transcription path. */
public final class Topics {
  private Topics() {}

  /**
   * Creates topics with the broker's default replication factor and waits until every partition's
   * leader answers for it: producing to a partition the broker is still setting up can fail with
   * NOT_LEADER_OR_FOLLOWER and then OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout (seen on
   * a fresh single-node KRaft broker with several batches in flight).
   */
  public static void create(Admin admin, int partitions, List<String> names) throws InterruptedException,
      ExecutionException {
    admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) -1)).toList()).all().get();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      boolean ready = true;
      try {
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
          for (TopicPartitionInfo p : d.partitions()) {
            ready &= p.leader() != null && !p.leader().isEmpty();
            all.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
          }
          ready &= d.partitions().size() == partitions;
        }
        if (ready) admin.listOffsets(all).all().get(); // answered by each partition's leader itself
      } catch (ExecutionException e) {
        ready = false; // not yet known to, or not yet led by, the broker answering
      }
      if (ready) return;
      if (System.nanoTime() > deadline) throw new IllegalStateException("topics " + names + " have no leaders after 60 s");
      Thread.sleep(50);
    }
  }
}
