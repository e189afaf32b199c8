package org.acmasr.train.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Groups items of similar length into training batches.
 *
 * <p>Items are sorted by length (stable: equal lengths keep their input order) and cut greedily into
 * runs of consecutive items such that batch size × longest item ≤ {@link #frameBudget} and batch size ≤
 * {@link #maxBatch}. An item longer than the budget on its own forms a batch of one (filter such items
 * beforehand to exclude them). The order of the batches is then shuffled with {@code new Random(seed)},
 * so the same items and seed always give the same batches in the same order.
 *
 * @param frameBudget most padded frames per batch (items × longest length)
 * @param maxBatch    most items per batch
 */
public record LengthBuckets(long frameBudget, int maxBatch) {
  public LengthBuckets {
    if (frameBudget < 1) {
      throw new IllegalArgumentException("batch.frame_budget = " + frameBudget + ": must be > 0");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("batch.max_size = " + maxBatch + ": must be > 0");
    }
  }

  /**
   * The batches of one epoch.
   *
   * @param items  the items; none may be null
   * @param length each item's length in frames (>= 0)
   * @param seed   the epoch's shuffle seed
   * @return unmodifiable batches; each item appears in exactly one
   */
  public <T> List<List<T>> batches(List<T> items, ToIntFunction<? super T> length, long seed) {
    List<Sized<T>> sorted = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      if (item == null) throw new IllegalArgumentException("items[" + i + "] = null: items must not be null");
      int len = length.applyAsInt(item);
      if (len < 0) throw new IllegalArgumentException("items[" + i + "].length = " + len + ": must be >= 0");
      sorted.add(new Sized<>(item, len));
    }
    sorted.sort(Comparator.comparingInt(Sized::length)); // List.sort is stable
    List<List<T>> batches = new ArrayList<>();
    List<T> current = new ArrayList<>();
    for (Sized<T> s : sorted) {
      // Sorted ascending: the newcomer is the longest of the batch it joins.
      boolean fits = current.size() < maxBatch && (long) (current.size() + 1) * s.length() <= frameBudget;
      if (!current.isEmpty() && !fits) {
        batches.add(List.copyOf(current));
        current.clear();
      }
      current.add(s.item());
    }
    if (!current.isEmpty()) batches.add(List.copyOf(current));
    Collections.shuffle(batches, new Random(seed));
    return Collections.unmodifiableList(batches);
  }

  private record Sized<T>(T item, int length) {}
}
