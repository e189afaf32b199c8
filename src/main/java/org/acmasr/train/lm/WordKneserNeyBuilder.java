package org.acmasr.train.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acmasr.decode.WordNgrams;

/**
 * Estimates a word n-gram language model with interpolated modified Kneser-Ney smoothing (Chen and
 * Goodman 1998; the estimate KenLM's {@code lmplz} makes) and gives it in ARPA back-off form.
 *
 * <p>Two streaming passes over the text: {@link #countWords} for every sentence, {@link #fixVocabulary},
 * then {@link #addSentence} for every sentence; only counts are kept (packed word-id keys in an
 * open-addressing table), never the text. Each sentence is {@code <s> w1 .. wk </s>}.
 *
 * <p>Estimation, for an n-gram {@code g = h·w} of order n:
 * <ul>
 *   <li>adjusted count {@code a(g)}: the raw count at the highest order and for n-grams that start with
 *       {@code <s>}, else the number of distinct words seen before {@code g};</li>
 *   <li>three discounts per order from the counts of counts {@code t1..t4} of adjusted counts:
 *       {@code Y = t1/(t1+2 t2)}, {@code D1 = 1-2Y t2/t1}, {@code D2 = 2-3Y t3/t2}, {@code D3+ = 3-4Y t4/t3}
 *       (0.5, 1, 1.5 when a count of counts is 0 or a value falls outside (0, k));</li>
 *   <li>{@code p(w|h) = (a(hw) - D(a(hw))) / Σa(h·) + γ(h) p(w|h')}, with
 *       {@code γ(h) = (D1 N1(h·) + D2 N2(h·) + D3+ N3+(h·)) / Σa(h·)}; unigrams interpolate with the
 *       uniform distribution over the vocabulary ({@code </s>} and {@code <unk>} included, {@code <s>} not).</li>
 * </ul>
 * Pruning keeps an n-gram (order ≥ 2) whose raw count reaches the order's minimum, plus the prefixes and
 * suffixes of kept n-grams (so every context carries its back-off and every back-off target exists).
 * The back-off weight of a context is {@code γ(h) + Σ_pruned u(w|h) / (1 - Σ_kept p(w|h'))}, which
 * keeps every distribution normalised (and is exactly γ(h) without pruning).
 */
public final class WordKneserNeyBuilder {
  static final int UNK = 0;
  static final int BOS = 1;
  static final int EOS = 2;

  private final WordLmOptions options;
  private final int bits;
  private final Map<String, long[]> wordCounts = new HashMap<>(); // word → {count, first-seen rank}
  private Map<String, Integer> ids;
  private List<String> vocab;
  private LongIntCounter raw;
  private long sentences;
  private long words;
  private long unknown;

  public WordKneserNeyBuilder(WordLmOptions options) {
    this.options = options;
    this.bits = WordLmOptions.bits(options.order());
  }

  /** Pass 1: counts the words of a sentence of normalised text (whitespace-separated). */
  public void countWords(String sentence) {
    if (ids != null) throw new IllegalStateException("the vocabulary is fixed: countWords belongs to pass 1");
    for (String w : split(sentence)) {
      if (w.startsWith("<")) continue; // markers are not words of the text
      long[] c = wordCounts.computeIfAbsent(w, k -> new long[] {0, wordCounts.size()});
      c[0]++;
    }
  }

  /**
   * Ends pass 1: keeps the {@code vocabSize} most frequent words (all when 0).
   *
   * @throws IllegalArgumentException when order 4 meets more words than its 16-bit ids hold
   */
  public void fixVocabulary() {
    List<Map.Entry<String, long[]>> all = new ArrayList<>(wordCounts.entrySet());
    all.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
        : Long.compare(a.getValue()[1], b.getValue()[1]));
    int keep = options.vocabSize() == 0 ? all.size() : Math.min(options.vocabSize(), all.size());
    if (keep > WordLmOptions.maxVocab(options.order())) {
      throw new IllegalArgumentException("--vocab 0 keeps " + keep + " words; order " + options.order()
          + " holds at most " + WordLmOptions.maxVocab(options.order()) + ": give --vocab");
    }
    vocab = new ArrayList<>(keep + 3);
    vocab.addAll(List.of(WordNgrams.UNK, WordNgrams.BOS, WordNgrams.EOS));
    ids = new HashMap<>(keep * 2);
    for (int i = 0; i < keep; i++) {
      ids.put(all.get(i).getKey(), vocab.size());
      vocab.add(all.get(i).getKey());
    }
    wordCounts.clear();
    raw = new LongIntCounter(1 << 16);
  }

  /** Pass 2: counts the n-grams of a sentence; words outside the vocabulary become {@code <unk>}. */
  public void addSentence(String sentence) {
    if (ids == null) throw new IllegalStateException("fixVocabulary must end pass 1 before addSentence");
    String[] ws = split(sentence);
    int[] seq = new int[ws.length + 2];
    int len = 0;
    seq[len++] = BOS;
    for (String w : ws) {
      if (w.startsWith("<")) continue;
      Integer id = ids.get(w);
      if (id == null) unknown++;
      seq[len++] = id == null ? UNK : id;
    }
    if (len == 1) return;
    seq[len++] = EOS;
    for (int i = 1; i < len; i++) { // every predicted position
      long k = 0;
      for (int n = 1; n <= options.order() && i - n + 1 >= 0; n++) {
        k |= (seq[i - n + 1] + 1L) << ((n - 1) * bits); // the n-gram ending at i, oldest word in the top slot
        raw.add(k, 1);
      }
    }
    sentences++;
    words += len - 2;
  }

  public long sentences() {
    return sentences;
  }

  /** Words counted in pass 2 ({@code <s>}, {@code </s>} not included). */
  public long words() {
    return words;
  }

  /** Running words of pass 2 that were outside the vocabulary. */
  public long unknownWords() {
    return unknown;
  }

  /** Distinct n-grams counted so far (every order). */
  public int distinctNgrams() {
    return raw == null ? 0 : raw.size();
  }

  /** The smoothed, pruned model. */
  public WordNgrams build() {
    if (ids == null || sentences == 0) throw new IllegalStateException("no sentences were added");
    return new Estimate(this).ngrams();
  }

  private static String[] split(String s) {
    String t = s.trim();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }

  int order() {
    return options.order();
  }

  int bits() {
    return bits;
  }

  int minCount(int n) {
    return options.minCounts()[n - 1];
  }

  LongIntCounter raw() {
    return raw;
  }

  List<String> vocab() {
    return vocab;
  }

  /** Order of a packed key: its occupied slots. */
  static int length(long key, int bits) {
    return (64 - Long.numberOfLeadingZeros(key) + bits - 1) / bits;
  }

  static String describe(long key, int bits, List<String> vocab) {
    int n = length(key, bits);
    String[] w = new String[n];
    for (int j = 0; j < n; j++) w[j] = vocab.get((int) ((key >>> ((n - 1 - j) * bits)) & ((1L << bits) - 1)) - 1);
    return String.join(" ", Arrays.asList(w));
  }
}
