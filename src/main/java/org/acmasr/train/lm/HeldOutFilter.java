package org.acmasr.train.lm;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Recognises text lines that overlap a held-out (dev or test) sentence, with the rule that cleaned
 * {@code en-books.txt} (its SOURCES.md): a line overlaps a held-out sentence of k words when
 * <ul>
 *   <li>k &lt; 5 and the line equals it;</li>
 *   <li>5 ≤ k ≤ 7 and the line contains it, or the line has 5-7 words and lies inside it;</li>
 *   <li>k ≥ 8 and the line shares a run of 8 words with it (or, shorter than 8 words and at least 5,
 *       lies inside it).</li>
 * </ul>
 * Word sequences are compared by 64-bit hashes of their words. Immutable.
 */
public final class HeldOutFilter {
  private static final int SHORT = 5;
  private static final int RUN = 8;

  private final Set<Long> whole = new HashSet<>(); // held-out sentences under 5 words
  private final Set<Long> contained = new HashSet<>(); // held-out sentences of 5-7 words
  private final Set<Long> windows = new HashSet<>(); // every 5-7-word run inside a held-out sentence
  private final Set<Long> runs = new HashSet<>(); // every 8-word run of held-out sentences of 8+ words
  private final int sentences;

  public HeldOutFilter(Collection<String> heldOut) {
    int n = 0;
    for (String s : heldOut) {
      String[] w = split(s);
      if (w.length == 0) continue;
      n++;
      if (w.length < SHORT) {
        whole.add(hash(w, 0, w.length));
        continue;
      }
      if (w.length < RUN) contained.add(hash(w, 0, w.length));
      for (int len = SHORT; len < RUN && len <= w.length; len++) {
        for (int i = 0; i + len <= w.length; i++) windows.add(hash(w, i, len));
      }
      for (int i = 0; i + RUN <= w.length; i++) runs.add(hash(w, i, RUN));
    }
    this.sentences = n;
  }

  /** Distinct-or-not held-out sentences given (non-empty). */
  public int sentences() {
    return sentences;
  }

  /** Whether {@code line} overlaps a held-out sentence. */
  public boolean overlaps(String line) {
    String[] w = split(line);
    if (w.length == 0) return false;
    if (w.length < SHORT) return whole.contains(hash(w, 0, w.length));
    if (w.length < RUN && windows.contains(hash(w, 0, w.length))) return true; // lies inside one
    for (int len = SHORT; len < RUN && len <= w.length; len++) {
      for (int i = 0; i + len <= w.length; i++) if (contained.contains(hash(w, i, len))) return true;
    }
    for (int i = 0; i + RUN <= w.length; i++) if (runs.contains(hash(w, i, RUN))) return true;
    return false;
  }

  private static String[] split(String s) {
    String t = s.trim();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }

  private static long hash(String[] w, int from, int len) {
    long h = 0x51ED270B27A3A1B5L + len;
    for (int i = from; i < from + len; i++) {
      long x = w[i].hashCode() * 0xC2B2AE3D27D4EB4FL + w[i].length();
      h = (h ^ x) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 31;
    }
    return h;
  }
}
