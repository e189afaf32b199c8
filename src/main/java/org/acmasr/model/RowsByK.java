package org.acmasr.model;

/**
 * Rows ordered by their learner count k, descending (stable), computed by counting sort in Java:
 * the rows choosing exactly k = j form one contiguous block, and the rows that need learner n
 * (k ≥ n) form a prefix. Rows with k = 0 come last and are not active.
 */
final class RowsByK {
  final int rows; // R
  final int[] order; // [R] sorted position → original row
  final int[] count; // [N + 1] rows with k = j
  final int[] start; // [N + 1] first sorted position of the k = j block
  final int[] sortedK; // [R] k of the row at each sorted position
  final int active; // rows with k ≥ 1: the sorted prefix [0, active)
  final boolean identity; // the sorted order is the original order

  RowsByK(int[] k, int learners) {
    rows = k.length;
    count = new int[learners + 1];
    for (int v : k) count[v]++;
    start = new int[learners + 1];
    for (int j = learners, pos = 0; j >= 0; j--) {
      start[j] = pos;
      pos += count[j];
    }
    active = rows - count[0];
    order = new int[rows];
    int[] next = start.clone();
    sortedK = new int[rows];
    boolean same = true;
    for (int r = 0; r < rows; r++) {
      int p = next[k[r]]++;
      order[p] = r;
      sortedK[p] = k[r];
      same &= p == r;
    }
    identity = same;
  }

  /** The k every row chose, or -1 when rows differ. */
  int uniform() {
    for (int j = 0; j < count.length; j++) if (count[j] == rows) return j;
    return -1;
  }
}
