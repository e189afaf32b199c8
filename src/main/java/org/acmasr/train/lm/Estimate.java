package org.acmasr.train.lm;

import java.util.Arrays;
import java.util.List;
import org.acmasr.decode.WordNgrams;

/**
 * The modified Kneser-Ney estimate of {@link WordKneserNeyBuilder}'s counts, computed over arrays
 * aligned with the counter's slots (no per-n-gram objects): adjusted counts, discounts, per-context
 * sums, interpolated probabilities, pruning and back-off weights, in that order.
 */
final class Estimate {
  private final int order;
  private final int bits;
  private final LongIntCounter raw;
  private final List<String> vocab;
  private final int cap;
  private final int[] adj;
  private final double[][] discount; // [order][k], k = 1, 2, 3+
  private final long[] ctxTotal; // by the context's slot
  private final int[][] ctxN; // [k][slot]: continuations with adjusted count 1, 2, 3+
  private long emptyTotal;
  private final long[] emptyN = new long[4];
  private final double[] prob;
  private final boolean[] kept;

  Estimate(WordKneserNeyBuilder b) {
    this.order = b.order();
    this.bits = b.bits();
    this.raw = b.raw();
    this.vocab = b.vocab();
    // Every word (and <s> as a context) gets a unigram slot, even with no count.
    for (int id = 0; id < vocab.size(); id++) raw.add(id + 1L, 0);
    this.cap = raw.capacity();
    this.adj = adjustedCounts();
    this.discount = discounts();
    this.ctxTotal = new long[cap];
    this.ctxN = new int[4][];
    for (int k = 1; k <= 3; k++) ctxN[k] = new int[cap];
    contextSums();
    this.prob = probabilities();
    this.kept = prune(b);
  }

  private int len(long key) {
    return WordKneserNeyBuilder.length(key, bits);
  }

  private long context(long key) {
    return key >>> bits;
  }

  private long suffix(long key) {
    return key & ((1L << ((len(key) - 1) * bits)) - 1);
  }

  private int first(long key) {
    return (int) ((key >>> ((len(key) - 1) * bits)) & ((1L << bits) - 1)) - 1;
  }

  private int[] adjustedCounts() {
    int[] a = new int[cap];
    for (int s = 0; s < cap; s++) {
      long k = raw.keyAt(s);
      if (k == 0L || len(k) < 2) continue;
      a[raw.slot(suffix(k))]++; // one more distinct word before the suffix
    }
    for (int s = 0; s < cap; s++) {
      long k = raw.keyAt(s);
      if (k != 0L && (len(k) == order || first(k) == WordKneserNeyBuilder.BOS)) a[s] = raw.countAt(s);
    }
    return a;
  }

  private double[][] discounts() {
    long[][] t = new long[order + 1][5];
    for (int s = 0; s < cap; s++) {
      if (raw.keyAt(s) != 0L && adj[s] >= 1 && adj[s] <= 4) t[len(raw.keyAt(s))][adj[s]]++;
    }
    double[][] d = new double[order + 1][4];
    for (int n = 1; n <= order; n++) {
      long[] c = t[n];
      double y = c[1] + 2.0 * c[2] == 0 ? 0 : c[1] / (c[1] + 2.0 * c[2]);
      d[n][1] = valid(c[1] == 0 ? -1 : 1 - 2 * y * c[2] / c[1], 1);
      d[n][2] = valid(c[2] == 0 ? -1 : 2 - 3 * y * c[3] / c[2], 2);
      d[n][3] = valid(c[3] == 0 ? -1 : 3 - 4 * y * c[4] / c[3], 3);
    }
    return d;
  }

  private static double valid(double d, int k) {
    return d > 0 && d < k ? d : 0.5 * k;
  }

  /** The discounts by order, {@code [n][k]} for k = 1, 2, 3 (3+). */
  double[][] discountTable() {
    return discount;
  }

  private double d(int n, int a) {
    return a <= 0 ? 0 : discount[n][Math.min(a, 3)];
  }

  private void contextSums() {
    for (int s = 0; s < cap; s++) {
      long k = raw.keyAt(s);
      if (k == 0L || adj[s] == 0) continue;
      int bucket = Math.min(adj[s], 3);
      if (len(k) == 1) {
        emptyTotal += adj[s];
        emptyN[bucket]++;
      } else {
        int c = raw.slot(context(k));
        ctxTotal[c] += adj[s];
        ctxN[bucket][c]++;
      }
    }
  }

  private double gamma(int n, long total, long n1, long n2, long n3) {
    return total == 0 ? 1 : (discount[n][1] * n1 + discount[n][2] * n2 + discount[n][3] * n3) / total;
  }

  /** γ of the context in slot {@code c} (an n-gram of order {@code n - 1}) for predictions of order n. */
  private double gammaAt(int c, int n) {
    return gamma(n, ctxTotal[c], ctxN[1][c], ctxN[2][c], ctxN[3][c]);
  }

  private double[] probabilities() {
    double[] p = new double[cap];
    double uniform = 1.0 / (vocab.size() - 1); // every word but <s>
    double emptyGamma = gamma(1, emptyTotal, emptyN[1], emptyN[2], emptyN[3]);
    for (int n = 1; n <= order; n++) {
      for (int s = 0; s < cap; s++) {
        long k = raw.keyAt(s);
        if (k == 0L || len(k) != n) continue;
        if (n == 1) {
          p[s] = emptyTotal == 0 ? uniform : (adj[s] - d(1, adj[s])) / emptyTotal + emptyGamma * uniform;
        } else {
          int c = raw.slot(context(k));
          p[s] = (adj[s] - d(n, adj[s])) / ctxTotal[c] + gammaAt(c, n) * p[raw.slot(suffix(k))];
        }
      }
    }
    return p;
  }

  private boolean[] prune(WordKneserNeyBuilder b) {
    boolean[] keep = new boolean[cap];
    for (int n = order; n >= 1; n--) {
      for (int s = 0; s < cap; s++) {
        long k = raw.keyAt(s);
        if (k == 0L || len(k) != n) continue;
        if (n == 1 || raw.countAt(s) >= b.minCount(n)) keep[s] = true;
        if (keep[s] && n >= 2) {
          keep[raw.slot(context(k))] = true;
          keep[raw.slot(suffix(k))] = true;
        }
      }
    }
    return keep;
  }

  /** The model in ARPA form: unigrams in vocabulary order, higher orders sorted by key. */
  WordNgrams ngrams() {
    // Back-off weights: γ(h) + Σ_pruned u(w|h) / (1 - Σ_kept p(w|h')).
    double[] prunedU = new double[cap];
    double[] keptLower = new double[cap];
    for (int s = 0; s < cap; s++) {
      long k = raw.keyAt(s);
      if (k == 0L || len(k) < 2 || adj[s] == 0) continue;
      int c = raw.slot(context(k));
      if (kept[s]) {
        keptLower[c] += prob[raw.slot(suffix(k))];
      } else {
        prunedU[c] += (adj[s] - d(len(k), adj[s])) / ctxTotal[c];
      }
    }
    int[][] ids = new int[order][];
    float[][] lp = new float[order][];
    float[][] bo = new float[order][];
    for (int n = 1; n <= order; n++) {
      long[] keys = keysOf(n);
      ids[n - 1] = new int[keys.length * n];
      lp[n - 1] = new float[keys.length];
      bo[n - 1] = new float[keys.length];
      for (int i = 0; i < keys.length; i++) {
        long k = keys[i];
        int s = raw.slot(k);
        for (int j = 0; j < n; j++) {
          ids[n - 1][i * n + j] = (int) ((k >>> ((n - 1 - j) * bits)) & ((1L << bits) - 1)) - 1;
        }
        boolean isBos = n == 1 && k == WordKneserNeyBuilder.BOS + 1L;
        lp[n - 1][i] = isBos ? -99f : (float) Math.log10(prob[s]);
        if (n < order && ctxTotal[s] > 0) {
          double w = gammaAt(s, n + 1) + (prunedU[s] == 0 ? 0 : prunedU[s] / Math.max(1e-12, 1 - keptLower[s]));
          bo[n - 1][i] = (float) Math.log10(w);
        }
      }
    }
    return new WordNgrams(vocab, ids, lp, bo);
  }

  private long[] keysOf(int n) {
    int count = 0;
    for (int s = 0; s < cap; s++) if (kept[s] && len(raw.keyAt(s)) == n) count++;
    long[] keys = new long[count];
    int i = 0;
    for (int s = 0; s < cap; s++) if (kept[s] && len(raw.keyAt(s)) == n) keys[i++] = raw.keyAt(s);
    Arrays.sort(keys); // unigrams in vocabulary order (keys are id + 1); higher orders in a fixed order
    return keys;
  }
}
