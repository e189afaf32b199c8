package org.acmasr.train.lm;

import java.util.Arrays;

/**
 * Settings of {@link WordKneserNeyBuilder}, validated with messages naming the option.
 *
 * @param order     n-gram order, 1 to {@value #MAX_ORDER}
 * @param vocabSize keep the most frequent words (ties: first seen) and map the others to {@code <unk>};
 *     0 keeps every word. Order 4 packs word ids in 16 bits, so it needs a vocabulary below 65,530
 * @param minCounts per order 1..n, the raw count an n-gram needs to be kept (1 keeps all); unigrams are
 *     always kept (the vocabulary limits them), so {@code minCounts[0]} must be 1
 */
public record WordLmOptions(int order, int vocabSize, int[] minCounts) {
  public static final int MAX_ORDER = 4;

  public WordLmOptions {
    if (order < 1 || order > MAX_ORDER) {
      throw new IllegalArgumentException("--word-order " + order + ": must be in [1, " + MAX_ORDER + "]");
    }
    if (vocabSize < 0 || vocabSize > maxVocab(order)) {
      throw new IllegalArgumentException("--vocab " + vocabSize + ": must be in [0, " + maxVocab(order) + "] for order "
          + order + " (0 = every word)");
    }
    if (minCounts.length != order || minCounts[0] != 1 || Arrays.stream(minCounts).anyMatch(c -> c < 1)) {
      throw new IllegalArgumentException("--prune " + Arrays.toString(minCounts) + ": needs one count >= 1 per order "
          + "1.." + order + ", the first 1 (unigrams are limited by --vocab)");
    }
    minCounts = minCounts.clone();
  }

  /** Keep every n-gram. */
  public static WordLmOptions unpruned(int order, int vocabSize) {
    int[] c = new int[Math.max(order, 1)];
    Arrays.fill(c, 1);
    return new WordLmOptions(order, vocabSize, c);
  }

  @Override
  public int[] minCounts() {
    return minCounts.clone();
  }

  /** Bits per word id in a packed n-gram key. */
  static int bits(int order) {
    return order <= 3 ? 21 : 16;
  }

  /** The most word ids a packed key holds at {@code order}, less the three markers. */
  static int maxVocab(int order) {
    return (1 << bits(order)) - 2 - 3;
  }
}
