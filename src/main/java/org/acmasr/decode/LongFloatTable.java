package org.acmasr.decode;

import static org.acmasr.check.Require.require;

/**
 * Open-addressing {@code long → float} map, immutable after construction; 0 is never a key. The
 * language models' n-gram tables (keys are packed token sequences or word-sequence fingerprints).
 */
final class LongFloatTable {
  private final long[] keys;
  private final float[] values;
  private final int mask;
  private final int size;

  /**
   * @throws IllegalArgumentException when a key is 0 or 1 (not a packed sequence) or occurs twice,
   *     naming its index
   */
  LongFloatTable(long[] k, float[] v) {
    int cap = Integer.highestOneBit(Math.max(4, k.length * 2 - 1)) << 1;
    keys = new long[cap];
    values = new float[cap];
    mask = cap - 1;
    for (int i = 0; i < k.length; i++) {
      // The key's name is built only for a message: millions of keys are checked at model load.
      if (k[i] == 0L || k[i] == 1L) require(false, "lm.key[" + i + "]", k[i], "is not a packed sequence");
      int slot = slot(k[i]);
      while (keys[slot] != 0L && keys[slot] != k[i]) slot = (slot + 1) & mask;
      if (keys[slot] != 0L) require(false, "lm.key[" + i + "]", k[i], "occurs twice");
      keys[slot] = k[i];
      values[slot] = v[i];
    }
    size = k.length;
  }

  int size() {
    return size;
  }

  float get(long key, float missing) {
    int slot = slot(key);
    while (true) {
      long k = keys[slot];
      if (k == key) return values[slot];
      if (k == 0L) return missing;
      slot = (slot + 1) & mask;
    }
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
