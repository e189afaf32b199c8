package org.acmasr.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {
  /** Item i has length LENGTHS[i]. */
  private static final int[] LENGTHS = new Random(3).ints(500, 1, 301).toArray();
  private static final List<Integer> ITEMS = IntStream.range(0, LENGTHS.length).boxed().toList();
  private static final LengthBuckets BUCKETS = new LengthBuckets(1000, 8);

  private static List<List<Integer>> epoch(long seed) {
    return BUCKETS.batches(ITEMS, i -> LENGTHS[i], seed);
  }

  @Test
  void everyItemAppearsExactlyOncePerEpoch() {
    List<Integer> seen = new ArrayList<>();
    epoch(1).forEach(seen::addAll);
    assertEquals(ITEMS.size(), seen.size());
    assertEquals(new HashSet<>(ITEMS), new HashSet<>(seen));
  }

  @Test
  void budgetAndBatchSizeAreRespected() {
    List<List<Integer>> batches = epoch(1);
    for (List<Integer> b : batches) {
      int max = b.stream().mapToInt(i -> LENGTHS[i]).max().orElseThrow();
      assertTrue(b.size() <= 8, "batch of " + b.size());
      assertTrue((long) b.size() * max <= 1000, "batch " + b + " pads to " + b.size() * max);
    }
    // Greedy packing leaves no batch that could have taken the next item: count stays near the minimum.
    assertTrue(batches.size() < ITEMS.size() / 2, batches.size() + " batches");
  }

  @Test
  void groupsConsecutiveLengthsStably() {
    // lengths 5, 1, 3, 3, 10; budget 12, at most 3 per batch
    int[] len = {5, 1, 3, 3, 10};
    List<List<Integer>> batches = new LengthBuckets(12, 3).batches(List.of(0, 1, 2, 3, 4), i -> len[i], 0);
    assertEquals(Set.of(List.of(1, 2, 3), List.of(0), List.of(4)), new HashSet<>(batches));
    assertEquals(3, batches.size());
  }

  @Test
  void sameSeedSameBatchesDifferentSeedDifferentOrder() {
    List<List<Integer>> a = epoch(17);
    assertEquals(a, epoch(17));
    List<List<Integer>> b = epoch(18);
    assertNotEquals(a, b);
    assertEquals(new HashSet<>(a), new HashSet<>(b), "the same batches, in another order");
  }

  @Test
  void anItemLongerThanTheBudgetIsABatchOfItsOwn() {
    int[] len = {2, 50, 2};
    List<List<Integer>> batches = new LengthBuckets(10, 4).batches(List.of(0, 1, 2), i -> len[i], 5);
    assertEquals(Set.of(List.of(0, 2), List.of(1)), new HashSet<>(batches));
  }

  @Test
  void emptyInputGivesNoBatches() {
    assertEquals(List.of(), BUCKETS.batches(List.<Integer>of(), i -> 1, 0));
  }

  @Test
  void batchesAreUnmodifiable() {
    List<List<Integer>> b = epoch(1);
    assertThrows(UnsupportedOperationException.class, () -> b.remove(0));
    assertThrows(UnsupportedOperationException.class, () -> b.get(0).clear());
  }

  @Test
  void parametersAndLengthsAreValidated() {
    IllegalArgumentException budget = assertThrows(IllegalArgumentException.class, () -> new LengthBuckets(0, 8));
    assertEquals("batch.frame_budget = 0: must be > 0", budget.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new LengthBuckets(10, -1));
    assertEquals("batch.max_size = -1: must be > 0", size.getMessage());
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> BUCKETS.batches(List.of("a", "b"), s -> s.equals("b") ? -3 : 1, 0));
    assertEquals("items[1].length = -3: must be >= 0", neg.getMessage());
  }
}
