package org.acmasr.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The reassembly state committed with a partition's offset, so that a restarted or new owner of the
 * partition rebuilds exactly the open chunked requests and skips everything already answered.
 *
 * <p>The committed offset C is the first record of the oldest open request (or the next record when
 * none is open). Records in [C, horizon) that are not in {@code pending} were already answered in a
 * committed transaction (transcript or dead letter) and are skipped; records in {@code pending} are
 * chunks of requests still open and are read again; from {@code horizon} on, records are new.
 *
 * <p>Text form (fits the broker's {@code offset.metadata.max.bytes}): {@code r1;H;RUNS} with H =
 * horizon − C and RUNS a comma-separated list of {@code gap} or {@code gap.len} (base 36), each run
 * starting {@code gap} offsets after the previous run's end (the first after C) and holding
 * {@code len + 1} consecutive offsets.
 *
 * @param horizon first offset never read before the commit
 * @param pending offsets below the horizon to read again (each ≥ the committed offset)
 */
record ReplayMarker(long horizon, SortedSet<Long> pending) {
  static final ReplayMarker NONE = new ReplayMarker(-1, new TreeSet<>());
  private static final String VERSION = "r1";
  /** More pending offsets than any commit-metadata limit can describe: not written by this code. */
  private static final long MAX_PENDING = 1_000_000;

  ReplayMarker {
    pending = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(pending));
  }

  /** True when the record at {@code offset} was answered before the commit and must not be read again. */
  boolean skip(long offset) {
    return offset < horizon && !pending.contains(offset);
  }

  /** The text stored as the commit's metadata for committed offset {@code base}. */
  String encode(long base) {
    if (pending.isEmpty() && horizon <= base) return "";
    StringBuilder b = new StringBuilder(VERSION).append(';').append(Long.toString(horizon - base, 36)).append(';');
    long prevEnd = base; // one past the previous run
    List<long[]> runs = runs();
    for (int i = 0; i < runs.size(); i++) {
      long[] run = runs.get(i);
      if (i > 0) b.append(',');
      b.append(Long.toString(run[0] - prevEnd, 36));
      if (run[1] > 1) b.append('.').append(Long.toString(run[1] - 1, 36));
      prevEnd = run[0] + run[1];
    }
    return b.toString();
  }

  /** Reads a commit's metadata; anything this code did not write means "nothing to replay". */
  static ReplayMarker decode(long base, String metadata) {
    if (metadata == null || !metadata.startsWith(VERSION + ";")) return NONE;
    try {
      String[] parts = metadata.split(";", -1);
      if (parts.length != 3) return NONE;
      long horizon = base + Long.parseLong(parts[1], 36);
      TreeSet<Long> pending = new TreeSet<>();
      long prevEnd = base;
      if (!parts[2].isEmpty()) {
        for (String run : parts[2].split(",")) {
          int dot = run.indexOf('.');
          long start = prevEnd + Long.parseLong(dot < 0 ? run : run.substring(0, dot), 36);
          long len = dot < 0 ? 1 : Long.parseLong(run.substring(dot + 1), 36) + 1;
          if (start < prevEnd || len < 1 || start + len > horizon || pending.size() + len > MAX_PENDING) return NONE;
          for (long o = start; o < start + len; o++) pending.add(o);
          prevEnd = start + len;
        }
      }
      return new ReplayMarker(horizon, pending);
    } catch (NumberFormatException e) {
      return NONE;
    }
  }

  private List<long[]> runs() {
    List<long[]> runs = new ArrayList<>();
    for (long o : pending) {
      long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last[0] + last[1] == o) last[1]++;
      else runs.add(new long[] {o, 1});
    }
    return runs;
  }
}
