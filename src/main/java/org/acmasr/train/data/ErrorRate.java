package org.acmasr.train.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word and character error rates by Levenshtein distance: substitutions, deletions and insertions each
 * cost 1.
 *
 * <p>Both strings are first put through {@link TextNormalizer#normalize} (idempotent, so already
 * normalised text is unchanged). WER aligns the space-separated words; CER aligns the characters of the
 * normalised strings, spaces included (a missing word boundary is one error). A rate is errors divided
 * by the reference length; for an empty reference it is 0 when the hypothesis is empty too and the
 * number of inserted units otherwise (see {@link EditOps#rate()}).
 *
 * <p>Among alignments of equal cost the counts come from the one that prefers, at each step, a match or
 * substitution, then a deletion, then an insertion; the total {@link EditOps#errors()} does not depend
 * on this choice.
 */
public final class ErrorRate {
  private ErrorRate() {}

  /** Word alignment of the normalised strings. */
  public static EditOps wordOps(String reference, String hypothesis) {
    return align(words(TextNormalizer.normalize(reference)), words(TextNormalizer.normalize(hypothesis)));
  }

  /** Character alignment of the normalised strings, spaces included. */
  public static EditOps charOps(String reference, String hypothesis) {
    return align(TextNormalizer.normalize(reference).chars().toArray(),
        TextNormalizer.normalize(hypothesis).chars().toArray());
  }

  /** Word error rate of one utterance. */
  public static double wer(String reference, String hypothesis) {
    return wordOps(reference, hypothesis).rate();
  }

  /** Character error rate of one utterance. */
  public static double cer(String reference, String hypothesis) {
    return charOps(reference, hypothesis).rate();
  }

  /** Alignment of two sequences of any units compared with {@code equals}. */
  public static <T> EditOps align(List<T> reference, List<T> hypothesis) {
    Map<T, Integer> ids = new HashMap<>();
    return align(ids(reference, ids), ids(hypothesis, ids));
  }

  private static <T> int[] ids(List<T> units, Map<T, Integer> ids) {
    int[] out = new int[units.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.computeIfAbsent(units.get(i), k -> ids.size());
    }
    return out;
  }

  private static List<String> words(String normalised) {
    return normalised.isEmpty() ? List.of() : List.of(normalised.split(" "));
  }

  /** Two-row dynamic programme that carries the S/D/I counts of the chosen path in each cell. */
  static EditOps align(int[] ref, int[] hyp) {
    int m = hyp.length;
    int[] cost = new int[m + 1];
    int[] sub = new int[m + 1];
    int[] del = new int[m + 1];
    int[] ins = new int[m + 1];
    int[] nCost = new int[m + 1];
    int[] nSub = new int[m + 1];
    int[] nDel = new int[m + 1];
    int[] nIns = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      cost[j] = j;
      ins[j] = j;
    }
    for (int i = 1; i <= ref.length; i++) {
      nCost[0] = i;
      nSub[0] = 0;
      nDel[0] = i;
      nIns[0] = 0;
      for (int j = 1; j <= m; j++) {
        boolean same = ref[i - 1] == hyp[j - 1];
        int diag = cost[j - 1] + (same ? 0 : 1);
        int delete = cost[j] + 1;
        int insert = nCost[j - 1] + 1;
        if (diag <= delete && diag <= insert) {
          nCost[j] = diag;
          nSub[j] = sub[j - 1] + (same ? 0 : 1);
          nDel[j] = del[j - 1];
          nIns[j] = ins[j - 1];
        } else if (delete <= insert) {
          nCost[j] = delete;
          nSub[j] = sub[j];
          nDel[j] = del[j] + 1;
          nIns[j] = ins[j];
        } else {
          nCost[j] = insert;
          nSub[j] = nSub[j - 1];
          nDel[j] = nDel[j - 1];
          nIns[j] = nIns[j - 1] + 1;
        }
      }
      int[] t;
      t = cost; cost = nCost; nCost = t;
      t = sub; sub = nSub; nSub = t;
      t = del; del = nDel; nDel = t;
      t = ins; ins = nIns; nIns = t;
    }
    long s = sub[m];
    long d = del[m];
    long in = ins[m];
    return new EditOps(ref.length - s - d, s, d, in);
  }

  /**
   * Corpus-level accumulator: rates are total errors over total reference length, not a mean of
   * per-utterance rates. Not thread-safe; give each thread its own and {@link #merge} them.
   */
  public static final class Counter {
    private EditOps words = EditOps.NONE;
    private EditOps chars = EditOps.NONE;
    private long utterances;
    private long exact;

    /** Scores one utterance and adds it; returns this. */
    public Counter add(String reference, String hypothesis) {
      String ref = TextNormalizer.normalize(reference);
      String hyp = TextNormalizer.normalize(hypothesis);
      EditOps w = align(words(ref), words(hyp));
      words = words.plus(w);
      chars = chars.plus(align(ref.chars().toArray(), hyp.chars().toArray()));
      utterances++;
      if (w.errors() == 0) exact++;
      return this;
    }

    /** Adds another counter's totals to this one; returns this. */
    public Counter merge(Counter other) {
      words = words.plus(other.words);
      chars = chars.plus(other.chars);
      utterances += other.utterances;
      exact += other.exact;
      return this;
    }

    public EditOps wordOps() {
      return words;
    }

    public EditOps charOps() {
      return chars;
    }

    public long wordErrors() {
      return words.errors();
    }

    public long referenceWords() {
      return words.referenceLength();
    }

    public long charErrors() {
      return chars.errors();
    }

    public long referenceChars() {
      return chars.referenceLength();
    }

    public long utterances() {
      return utterances;
    }

    /** Utterances whose words all matched. */
    public long exactMatches() {
      return exact;
    }

    /** Total word errors / total reference words (see {@link EditOps#rate()} for an empty total). */
    public double wer() {
      return words.rate();
    }

    /** Total character errors / total reference characters. */
    public double cer() {
      return chars.rate();
    }

    /** e.g. {@code "WER 12.50% (S 1, D 0, I 0 / 8 words), CER 3.10% (...), 2 utterances"}. */
    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      parts.add(String.format(Locale.ROOT, "WER %.2f%% (S %d, D %d, I %d / %d words)", 100 * wer(),
          words.substitutions(), words.deletions(), words.insertions(), words.referenceLength()));
      parts.add(String.format(Locale.ROOT, "CER %.2f%% (S %d, D %d, I %d / %d chars)", 100 * cer(),
          chars.substitutions(), chars.deletions(), chars.insertions(), chars.referenceLength()));
      parts.add(utterances + " utterances");
      return String.join(", ", parts);
    }
  }
}
