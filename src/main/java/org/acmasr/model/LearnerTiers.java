package org.acmasr.model;

/**
 * How the rows of one ACM call are run: the active rows, sorted by k descending ({@link RowsByK}), are cut
 * into a few contiguous tiers, and each tier runs as one pair of gemms with the largest k in it; rows
 * that chose fewer learners have their extra hidden units zeroed, so they contribute exactly nothing.
 * One tier per distinct k spends no extra multiply-adds but two gemm calls per tier, and a gemm call
 * costs tens of µs before it computes anything; for a chunk of one stream that overhead is most of
 * the time. The cut minimises calls·overhead + multiply-adds (dynamic programming over the ≤ N + 1
 * distinct k), so few rows run as one tier and many rows as one tier per k.
 */
final class LearnerTiers {
  /**
   * Cost of one extra tier in multiply-adds at OpenBLAS single-thread speed: ~70 µs at ~25 G multiply-adds/s
   * when a tier's two gemms went through ND4J (shipped shapes, 8..256 rows, d = 144, OMP_NUM_THREADS=1).
   * Since they call OpenBLAS directly ({@link Blas}) a tier costs less; values from 60 k to 1.5 M gave the
   * same β = 0.5 / β = 1 time ratio at 8 and 32 streams (`bench model`), so the constant stayed.
   */
  static final long TIER_OVERHEAD_MACS = 1_500_000;

  final int count; // T, tiers
  final int[] k; // [T] learners the tier runs (its first row's k)
  final int[] from; // [T] first sorted position
  final int[] rows; // [T] rows in the tier

  private LearnerTiers(int count, int[] k, int[] from, int[] rows) {
    this.count = count;
    this.k = k;
    this.from = from;
    this.rows = rows;
  }

  /**
   * @param s              rows sorted by k
   * @param macsPerLearner multiply-adds of one learner on one row
   * @param overheadMacs   cost of one tier in multiply-adds
   */
  static LearnerTiers plan(RowsByK s, long macsPerLearner, long overheadMacs) {
    int n = s.count.length - 1;
    // Distinct k ≥ 1 present, descending: ks[g] with its block [start, start + cnt).
    int[] ks = new int[n];
    int g = 0;
    for (int j = n; j >= 1; j--) if (s.count[j] > 0) ks[g++] = j;
    // best[e]: least cost of running blocks [0, e); cut[e]: where its last tier starts.
    long[] best = new long[g + 1];
    int[] cut = new int[g + 1];
    for (int e = 1; e <= g; e++) {
      best[e] = Long.MAX_VALUE;
      int rowsInTier = 0;
      for (int b = e - 1; b >= 0; b--) {
        rowsInTier += s.count[ks[b]];
        long cost = best[b] + overheadMacs + (long) rowsInTier * ks[b] * macsPerLearner;
        if (cost < best[e]) {
          best[e] = cost;
          cut[e] = b;
        }
      }
    }
    int t = 0;
    for (int e = g; e > 0; e = cut[e]) t++;
    int[] tk = new int[t];
    int[] tf = new int[t];
    int[] tr = new int[t];
    for (int e = g, i = t - 1; e > 0; e = cut[e], i--) {
      int b = cut[e];
      tk[i] = ks[b];
      tf[i] = s.start[ks[b]];
      tr[i] = s.start[ks[e - 1]] + s.count[ks[e - 1]] - tf[i];
    }
    return new LearnerTiers(t, tk, tf, tr);
  }
}
