package org.acmasr.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.acmasr.config.KafkaConfig;
import org.acmasr.engine.Engine;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-transform-produce loop of one worker instance, on its own thread.
 *
 * <p>Each iteration polls records (without waiting while work is running), reassembles them into
 * requests ({@link PartitionAssembler}), keeps up to {@code max_in_flight} complete requests running
 * on the shared engine ({@link Dispatcher}, so it always has many streams to batch), collects
 * results for up to {@code commit_interval_ms}, and writes, in one transaction, every transcript and
 * dead letter answered in that time together with the consumed offsets ({@link OutputTransaction}).
 * A partition's committed offset stops at the first record of its oldest request not yet answered
 * (chunks still arriving, or waiting, or being transcribed), and the commit's metadata records which
 * later records were already answered ({@link ReplayMarker}); whoever owns the partition next
 * re-reads from there, rebuilds those requests and skips the rest. So a crash at any point, a
 * rebalance or a zombie instance loses nothing and duplicates nothing for read_committed readers.
 *
 * <p>No transaction is open while the consumer polls, so rebalance callbacks (which run inside poll)
 * simply drop the revoked partitions' requests. A transaction that fails is aborted and the instance
 * re-reads its partitions from the committed offsets; a fenced producer (another instance took this
 * transactional id) or an authorization error ends the loop ({@link #finished} completes
 * exceptionally).
 *
 * <p><b>Claiming the transactional id.</b> The producer claims the instance's transactional id
 * ({@code initTransactions}, which fences any other holder and aborts its open transaction) only
 * inside a partition assignment, that is, once the group coordinator has accepted this consumer as
 * the static member of the instance id. A restarted instance therefore first takes the group
 * membership from its predecessor and only then its transactional id. When the producer breaks
 * (an abort that fails) or the group rejects an offset commit, the instance gives up its partitions,
 * rejoins the group and claims the id again in the new assignment: a zombie, whose membership was
 * taken over, is refused at the rejoin ({@link FencedInstanceIdException} or
 * {@link UnreleasedInstanceIdException}) and stops, instead of fencing its successor's producer.
 */
final class TranscriptionLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TranscriptionLoop.class);

  private final KafkaConfig config;
  private final String modelId;
  private final PartitionAssembler.Limits limits;
  private final Dispatcher dispatcher;
  private final WorkerStats stats = new WorkerStats();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final Map<TopicPartition, PartitionAssembler> partitions = new HashMap<>();
  /** Per owned partition: what is committed now (as read at assignment or written since). */
  private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
  /** Per owned partition without a committed offset: where reading started, to go back to after an abort. */
  private final Map<TopicPartition, Long> startOffsets = new HashMap<>();
  private long generations; // tags each ownership of a partition
  private volatile boolean stopping;
  private final Function<KafkaConfig, Producer<byte[], byte[]>> producers;
  private final boolean classicProtocol;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  /** Null until the first assignment, and again from a broken transaction until the rejoin's assignment. */
  private Producer<byte[], byte[]> producer;

  TranscriptionLoop(Engine engine, KafkaConfig config, String modelId) {
    this(engine, config, modelId, KafkaClients::workerProducer);
  }

  /** @param producers makes the transactional producer (a test wraps the real one to inject broker failures) */
  TranscriptionLoop(Engine engine, KafkaConfig config, String modelId,
      Function<KafkaConfig, Producer<byte[], byte[]>> producers) {
    this.producers = Objects.requireNonNull(producers, "producers");
    this.classicProtocol = !GroupProtocol.CONSUMER.name().equalsIgnoreCase(String.valueOf(config.properties()
        .getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG, ConsumerConfig.DEFAULT_GROUP_PROTOCOL)).trim());
    this.config = Objects.requireNonNull(config, "config");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.limits = PartitionAssembler.Limits.of(config);
    this.dispatcher = new Dispatcher(engine, config.maxInFlight(), config.maxAudioSeconds());
  }

  /** Completes once the broker answered and the consumer has subscribed (the transactional id is claimed on assignment). */
  CompletableFuture<Void> started() {
    return started;
  }

  /** Completes when the loop has ended and closed its clients; exceptionally after a fatal error. */
  CompletableFuture<Void> finished() {
    return finished;
  }

  WorkerStats stats() {
    return stats;
  }

  /** Asks the loop to end: work in progress is abandoned (its transaction aborted) and the clients close. */
  void stop() {
    stopping = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) c.wakeup();
  }

  @Override
  public void run() {
    Throwable failure = null;
    try {
      consumer = KafkaClients.workerConsumer(config);
      consumer.listTopics(Duration.ofSeconds(60)); // an unreachable cluster fails the start (TimeoutException)
      subscribe();
      LOG.info("kafka worker {} reading {} as group {} (transactional id {})", config.instanceId(),
          config.audioTopic(), config.groupId(), config.transactionalId());
      started.complete(null);
      while (!stopping) step();
    } catch (WakeupException e) {
      if (!stopping) failure = e;
    } catch (Throwable e) { // NOPMD: whatever ends the loop is reported through finished()
      failure = e;
    } finally {
      close();
    }
    if (failure == null) {
      started.complete(null);
      finished.complete(null);
    } else {
      LOG.error("kafka worker {} stopped: {}", config.instanceId(), failure.toString());
      started.completeExceptionally(failure);
      finished.completeExceptionally(failure);
    }
  }

  private void step() throws InterruptedException {
    boolean busy = !dispatcher.idle();
    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(busy ? 0 : config.pollTimeoutMs()));
    if (producer == null) return; // no partitions yet, or rejoining after a broken transaction: nothing is read
    OutputTransaction tx = new OutputTransaction(producer);
    try {
      read(records, tx);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.commitIntervalMs());
      do {
        if (stopping) {
          tx.abort();
          return;
        }
        dispatcher.fill();
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        for (Dispatcher.Done d : dispatcher.take(Math.max(1, Math.min(left, 50)))) deliver(d, tx);
      } while (!dispatcher.idle() && System.nanoTime() < deadline);
      if (tx.isEmpty()) return; // nothing answered: nothing to commit
      Map<TopicPartition, OffsetAndMetadata> offsets = changedCommitPoints();
      tx.commit(offsets, consumer.groupMetadata());
      committed.putAll(offsets);
      stats.committed(tx.transcripts(), tx.deadLetters(), tx.audioSeconds());
    } catch (ProducerFencedException | FencedInstanceIdException | OutOfOrderSequenceException
        | AuthorizationException | AuthenticationException | UnsupportedVersionException e) {
      throw e; // this producer can do nothing more: the loop ends
    } catch (CommitFailedException e) {
      // The group no longer accepts this consumer's offsets (a newer generation, or another member took
      // this instance id): the transaction is void; rejoin, or learn that this instance was replaced.
      LOG.warn("kafka worker {}: the group refused the offsets ({}); aborting and rejoining", config.instanceId(),
          e.toString());
      abortAndRejoin(tx);
      return;
    } catch (KafkaException e) {
      LOG.warn("kafka worker {}: transaction failed ({}); aborting and re-reading from the committed offsets",
          config.instanceId(), e.toString());
      if (!abortAndRewind(tx)) return;
    }
    boolean full = dispatcher.waiting() >= config.maxInFlight();
    if (full) consumer.pause(consumer.assignment()); // enough requests wait: read on when they have started
    else if (!consumer.paused().isEmpty()) consumer.resume(consumer.paused());
  }

  /** Reassembles the polled records: rejections go into the transaction, complete requests to the dispatcher. */
  private void read(ConsumerRecords<byte[], byte[]> records, OutputTransaction tx) {
    for (TopicPartition tp : records.partitions()) {
      PartitionAssembler pa = partitions.get(tp);
      List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
      stats.read(rs.size());
      for (ConsumerRecord<byte[], byte[]> r : rs) pa.accept(r).ifPresent(o -> route(pa, o, tx));
    }
    long now = System.currentTimeMillis();
    for (PartitionAssembler pa : partitions.values()) {
      if (pa.openRequests() > 0) {
        OptionalLong lag = consumer.currentLag(pa.partition());
        boolean caughtUp = lag.isPresent() && lag.getAsLong() == 0;
        pa.expire(caughtUp ? Math.max(now, pa.streamTime()) : pa.streamTime()).forEach(o -> route(pa, o, tx));
        pa.fit(config.commitMetadataLimit()).forEach(o -> route(pa, o, tx));
      }
    }
  }

  private void route(PartitionAssembler pa, Outcome o, OutputTransaction tx) {
    if (o instanceof Outcome.Rejected r) deadLetter(tx, r);
    else dispatcher.enqueue((Outcome.Assembled) o, pa.generation());
  }

  /** Puts a finished request's answer into the transaction, unless its partition changed hands since. */
  private void deliver(Dispatcher.Done d, OutputTransaction tx) {
    PartitionAssembler pa = partitions.get(d.request().source());
    if (pa == null || pa.generation() != d.generation()) return; // the partition's new owner redoes it
    pa.answered(d.request());
    if (d.transcript() != null) {
      tx.sendTranscript(config.transcriptTopic(), d.request().requestId(),
          OutputRecords.transcript(d.transcript(), modelId, config.instanceId()).toByteArray(),
          d.transcript().durationSeconds());
    } else {
      deadLetter(tx, d.rejection());
    }
  }

  private void deadLetter(OutputTransaction tx, Outcome.Rejected r) {
    LOG.debug("dead letter {} {}: {}", r.requestId(), r.reason(), r.message());
    tx.sendDeadLetter(config.deadLetterTopic(), r.requestId(), OutputRecords.deadLetter(r, config.instanceId())
        .toByteArray());
  }

  /** Commit points that differ from what is committed now. */
  private Map<TopicPartition, OffsetAndMetadata> changedCommitPoints() {
    Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
    for (PartitionAssembler pa : partitions.values()) {
      OffsetAndMetadata point = pa.commitPoint();
      OffsetAndMetadata now = committed.get(pa.partition());
      if (now == null || now.offset() != point.offset() || !now.metadata().equals(point.metadata())) {
        out.put(pa.partition(), point);
      }
    }
    return out;
  }

  /**
   * Aborts a failed transaction and re-reads every owned partition from its committed offset.
   * Returns false when the abort failed too: the producer is then gone and the instance rejoins.
   */
  private boolean abortAndRewind(OutputTransaction tx) {
    if (!abort(tx)) {
      // The producer is unusable. A new one must claim the transactional id again, which would fence
      // a successor that took over this instance id: claim it only after the group accepts us again.
      dropProducerAndRejoin();
      return false;
    }
    if (stopping) return false;
    partitions.clear();
    restore(consumer.assignment());
    return true;
  }

  /** Aborts (whether or not that works) and rejoins the group; the rejoin's assignment restores the partitions. */
  private void abortAndRejoin(OutputTransaction tx) {
    abort(tx);
    dropProducerAndRejoin();
  }

  /** Abandons the work in progress and aborts its transaction; false if the abort failed (not fenced). */
  private boolean abort(OutputTransaction tx) {
    stats.aborted();
    dispatcher.cancel(tp -> true);
    try {
      tx.abort();
      return true;
    } catch (ProducerFencedException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("kafka worker {}: abort failed ({}); rejoining the group before claiming the transactional id again",
          config.instanceId(), e.toString());
      return false;
    }
  }

  /**
   * Closes the producer, forgets every partition's state and asks the coordinator to take this
   * consumer back: the classic protocol rejoins with the current member id (a replaced static member
   * gets FENCED_INSTANCE_ID), the consumer protocol leaves temporarily and joins again (a replaced one
   * gets UNRELEASED_INSTANCE_ID). The next assignment claims the transactional id with a new producer.
   */
  private void dropProducerAndRejoin() {
    try {
      producer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.debug("producer close", e);
    }
    producer = null;
    partitions.clear();
    if (stopping) return;
    consumer.pause(consumer.assignment()); // nothing is read until the partitions are restored
    if (classicProtocol) {
      consumer.enforceRebalance("transaction state lost");
    } else {
      consumer.unsubscribe();
      subscribe();
    }
  }

  private void subscribe() {
    consumer.subscribe(List.of(config.audioTopic()), new Rebalance());
  }

  /** Claims this instance's transactional id: fences any other producer holding it and aborts its open transaction. */
  private void claimTransactionalId() {
    Producer<byte[], byte[]> p = producers.apply(config);
    try {
      p.initTransactions();
    } catch (RuntimeException e) {
      p.close(Duration.ZERO);
      throw e;
    }
    producer = p;
  }

  /** Reads the committed offset and replay state of each partition and positions the consumer there. */
  private void restore(Collection<TopicPartition> tps) {
    if (tps.isEmpty()) return;
    Map<TopicPartition, OffsetAndMetadata> c = consumer.committed(new HashSet<>(tps));
    for (TopicPartition tp : tps) {
      OffsetAndMetadata om = c.get(tp);
      long start;
      ReplayMarker replay = ReplayMarker.NONE;
      if (om != null) {
        start = om.offset();
        replay = ReplayMarker.decode(start, om.metadata());
        committed.put(tp, om);
        consumer.seek(tp, start);
      } else if (startOffsets.containsKey(tp)) {
        start = startOffsets.get(tp);
        consumer.seek(tp, start);
      } else {
        start = consumer.position(tp); // where auto.offset.reset puts a group's first reader
        startOffsets.put(tp, start);
      }
      partitions.put(tp, new PartitionAssembler(tp, limits, start, replay, ++generations));
      LOG.debug("kafka worker {}: {} from offset {} ({} records to re-read)", config.instanceId(), tp, start,
          replay.pending().size());
    }
  }

  private void forget(Collection<TopicPartition> tps) {
    dispatcher.cancel(tps::contains);
    for (TopicPartition tp : tps) {
      partitions.remove(tp);
      committed.remove(tp);
      startOffsets.remove(tp);
    }
  }

  /**
   * Called inside poll(), when no transaction is open: dropped partitions lose their state and their
   * requests in progress, new ones restore theirs from the committed offset.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> tps) {
      forget(tps);
      stats.owned(partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> tps) {
      forget(tps);
      stats.owned(partitions.size());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> tps) {
      if (producer == null && !consumer.assignment().isEmpty()) {
        // The coordinator has just accepted this member: only now claim the transactional id, and
        // before reading committed offsets (claiming aborts our previous incarnation's open transaction).
        claimTransactionalId();
        List<TopicPartition> all = new ArrayList<>(consumer.assignment());
        all.removeAll(partitions.keySet());
        consumer.resume(all);
        restore(all);
      } else {
        restore(tps);
      }
      stats.owned(partitions.size());
    }
  }

  private void close() {
    dispatcher.close(); // the shared engine keeps running for others: free our streams
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      try {
        // A static member stays in the group on close unless told to leave: a stopped instance hands its
        // partitions to the others now, not after its session timeout.
        c.close(org.apache.kafka.clients.consumer.CloseOptions.groupMembershipOperation(
            org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.debug("consumer close", e);
      }
    }
    if (producer != null) {
      try {
        producer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.debug("producer close", e);
      }
    }
  }
}
