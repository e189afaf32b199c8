package org.acmasr.decode;

import static org.acmasr.check.Require.require;

import java.util.HashMap;
import java.util.Map;

/**
 * A word n-gram language model with ARPA back-off semantics, for shallow fusion at word boundaries:
 * {@code log P(w | h) = logp(h·w)} when {@code h·w} is stored, else {@code backoff(h) + log P(w | h')}
 * with {@code h'} the history without its oldest word. Immutable and thread-safe; one instance serves
 * every stream.
 *
 * <p>Storage: two open-addressing tables of 64-bit fingerprints of word-id sequences (12 bytes a
 * slot, half full), natural-log values. A decoder state packs the last {@code order - 1} word ids
 * (at most 3, {@value #ID_BITS} bits each, newest lowest), so orders up to {@value #MAX_ORDER} and
 * vocabularies up to 2^21 - 2 words. A word outside the vocabulary is {@code <unk>}: the model's own
 * unigram when it has one, else one decade below its rarest unigram.
 */
public final class WordNgramLm {
  public static final int MAX_ORDER = 4;
  public static final int ID_BITS = 21;
  public static final int MAX_WORDS = (1 << ID_BITS) - 2;
  private static final long SLOT = (1L << ID_BITS) - 1;
  private static final double LN10 = Math.log(10);

  private final WordNgrams ngrams;
  private final Map<String, Integer> ids;
  private final LongFloatTable logProbs;
  private final LongFloatTable backoffs;
  private final int bos;
  private final int eos;
  private final int unk;
  private final float unkFloor;

  /** @throws IllegalArgumentException when the order or vocabulary is too large, or {@code <s>}/{@code </s>} is missing */
  public WordNgramLm(WordNgrams ngrams) {
    int order = ngrams.order();
    require(order <= MAX_ORDER, "lm.word.order", order, "must be in [1, " + MAX_ORDER + "]");
    require(ngrams.vocab().size() <= MAX_WORDS, "lm.word.vocab", ngrams.vocab().size(),
        "must be at most " + MAX_WORDS + " words");
    this.ngrams = ngrams;
    Map<String, Integer> m = new HashMap<>(ngrams.vocab().size() * 2);
    for (int i = 0; i < ngrams.vocab().size(); i++) {
      Integer prev = m.putIfAbsent(ngrams.vocab().get(i), i);
      require(prev == null, "lm.word.unigram[" + i + "]", ngrams.vocab().get(i), "occurs twice");
    }
    this.ids = m;
    this.bos = m.getOrDefault(WordNgrams.BOS, -1);
    this.eos = m.getOrDefault(WordNgrams.EOS, -1);
    require(bos >= 0, "lm.word.vocab", WordNgrams.BOS, "is missing");
    require(eos >= 0, "lm.word.vocab", WordNgrams.EOS, "is missing");
    this.unk = m.getOrDefault(WordNgrams.UNK, ngrams.vocab().size()); // an id past the vocabulary: never stored
    long total = ngrams.total();
    long withBackoff = 0;
    for (int n = 1; n < order; n++) {
      for (int i = 0; i < ngrams.count(n); i++) if (ngrams.log10Backoff(n, i) != 0f) withBackoff++;
    }
    long[] pk = new long[Math.toIntExact(total)];
    float[] pv = new float[pk.length];
    long[] bk = new long[Math.toIntExact(withBackoff)];
    float[] bv = new float[bk.length];
    int p = 0;
    int b = 0;
    float minUnigram = 0;
    int[] seq = new int[order];
    for (int n = 1; n <= order; n++) {
      for (int i = 0; i < ngrams.count(n); i++) {
        for (int j = 0; j < n; j++) seq[j] = ngrams.word(n, i, j);
        long key = fingerprint(seq, 0, n);
        float lp = (float) (ngrams.log10Prob(n, i) * LN10);
        pk[p] = key;
        pv[p++] = lp;
        if (n == 1 && seq[0] != bos) minUnigram = Math.min(minUnigram, lp);
        if (ngrams.log10Backoff(n, i) != 0f) {
          bk[b] = key;
          bv[b++] = (float) (ngrams.log10Backoff(n, i) * LN10);
        }
      }
    }
    this.logProbs = new LongFloatTable(pk, pv);
    this.backoffs = new LongFloatTable(bk, bv);
    this.unkFloor = (float) (minUnigram - LN10);
  }

  /** The n-grams this model was made from (for writing it out). */
  public WordNgrams ngrams() {
    return ngrams;
  }

  public int order() {
    return ngrams.order();
  }

  /** Vocabulary size (unigrams, {@code <s>} and {@code </s>} included). */
  public int vocabSize() {
    return ngrams.vocab().size();
  }

  /** Stored n-grams of every order. */
  public long size() {
    return ngrams.total();
  }

  /** The id of {@code word}, or {@link #unk()} when the vocabulary lacks it. */
  public int id(String word) {
    Integer i = ids.get(word);
    return i == null ? unk : i;
  }

  /** The id standing for words outside the vocabulary. */
  public int unk() {
    return unk;
  }

  /** The id of {@code </s>}. */
  public int eos() {
    return eos;
  }

  /** The state at the start of a sentence: the history {@code <s>}. */
  public long start() {
    return next(0L, bos);
  }

  /** {@code ln P(word | state)}. */
  public float score(long state, int word) {
    int len = historyLength(state);
    int[] hist = new int[len + 1];
    for (int j = 0; j < len; j++) hist[j] = (int) ((state >>> ((len - 1 - j) * ID_BITS)) & SLOT) - 1;
    hist[len] = word;
    float acc = 0;
    for (int from = 0; from <= len; from++) { // longest history first
      float p = logProbs.get(fingerprint(hist, from, len + 1 - from), Float.NaN);
      if (!Float.isNaN(p)) return acc + p;
      if (from < len) acc += backoffs.get(fingerprint(hist, from, len - from), 0f);
    }
    return acc + unkFloor;
  }

  /** The state after {@code word}: its last {@code order - 1} words. */
  public long next(long state, int word) {
    int keep = ngrams.order() - 1;
    if (keep == 0) return 0L;
    long s = (state << ID_BITS) | (word + 1L);
    return keep >= 3 ? s & ((1L << (3 * ID_BITS)) - 1) : s & ((1L << (keep * ID_BITS)) - 1);
  }

  private static int historyLength(long state) {
    int len = 0;
    while (len < 3 && ((state >>> (len * ID_BITS)) & SLOT) != 0) len++;
    return len;
  }

  /** A 64-bit fingerprint of {@code ids[from .. from+n)}, never 0 or 1. */
  static long fingerprint(int[] ids, int from, int n) {
    long h = 0x243F6A8885A308D3L ^ n;
    for (int i = from; i < from + n; i++) {
      h = (h ^ (ids[i] + 1L)) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
      h *= 0xBF58476D1CE4E5B9L;
      h ^= h >>> 32;
    }
    return (h == 0L || h == 1L) ? h + 2 : h;
  }
}
