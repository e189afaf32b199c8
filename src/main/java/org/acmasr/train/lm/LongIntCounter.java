package org.acmasr.train.lm;

/**
 * A growable open-addressing {@code long → int} counter (0 is never a key): 12 bytes a slot, at most
 * 3/4 full, so tens of millions of n-gram counts fit in a few hundred megabytes where a
 * {@code HashMap<Long, Integer>} would take gigabytes. Slots are exposed for iteration; they stay
 * stable while no key is added.
 */
final class LongIntCounter {
  private long[] keys;
  private int[] counts;
  private int mask;
  private int size;

  LongIntCounter(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    counts = new int[cap];
    mask = cap - 1;
  }

  /** Adds {@code n} to {@code key}'s count (inserting it with count n when absent). */
  void add(long key, int n) {
    int slot = find(key);
    if (keys[slot] == 0L) {
      keys[slot] = key;
      if (++size * 4L > keys.length * 3L) {
        counts[slot] = n;
        grow();
        return;
      }
    }
    counts[slot] += n;
  }

  /** The slot of {@code key}, or -1 when absent. */
  int slot(long key) {
    int s = find(key);
    return keys[s] == 0L ? -1 : s;
  }

  int count(long key) {
    int s = find(key);
    return keys[s] == 0L ? 0 : counts[s];
  }

  int capacity() {
    return keys.length;
  }

  int size() {
    return size;
  }

  /** The key in slot {@code s}, 0 for an empty slot. */
  long keyAt(int s) {
    return keys[s];
  }

  int countAt(int s) {
    return counts[s];
  }

  private int find(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    int s = (int) (h ^ (h >>> 32)) & mask;
    while (keys[s] != 0L && keys[s] != key) s = (s + 1) & mask;
    return s;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    if (oldKeys.length >= 1 << 30) throw new IllegalStateException("n-gram counter: more than 2^29 distinct n-grams");
    keys = new long[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0L) {
        int s = find(oldKeys[i]);
        keys[s] = oldKeys[i];
        counts[s] = oldCounts[i];
      }
    }
  }
}
