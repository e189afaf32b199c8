package org.acmasr.kafka;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** What a worker has done; counts only what was committed (aborted work is not counted). Thread-safe. */
public final class WorkerStats {
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong transcripts = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong aborts = new AtomicLong();
  private final AtomicInteger partitions = new AtomicInteger();
  private final DoubleAdder audioSeconds = new DoubleAdder();

  /**
   * @param records      audio records read (including those skipped on replay)
   * @param transcripts  transcripts committed
   * @param deadLetters  dead letters committed
   * @param audioSeconds audio transcribed in committed transcripts
   * @param transactions transactions committed
   * @param aborts       transactions aborted (or batches given up), each followed by re-reading
   * @param partitions   audio-topic partitions owned now
   */
  public record Snapshot(long records, long transcripts, long deadLetters, double audioSeconds, long transactions,
      long aborts, int partitions) {
  }

  public Snapshot snapshot() {
    return new Snapshot(records.get(), transcripts.get(), deadLetters.get(), audioSeconds.sum(), transactions.get(),
        aborts.get(), partitions.get());
  }

  void owned(int n) {
    partitions.set(n);
  }

  void read(int n) {
    records.addAndGet(n);
  }

  void committed(int transcriptCount, int deadLetterCount, double seconds) {
    transactions.incrementAndGet();
    transcripts.addAndGet(transcriptCount);
    deadLetters.addAndGet(deadLetterCount);
    audioSeconds.add(seconds);
  }

  void aborted() {
    aborts.incrementAndGet();
  }
}
