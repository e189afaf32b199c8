package org.acmasr.decode;

import static org.acmasr.check.Require.require;

/**
 * A character n-gram language model over a {@link TokenSet}'s tokens in back-off form (the semantics
 * of an ARPA file): {@code log P(c | h) = logp(h·c)} when the n-gram {@code h·c} was stored, else
 * {@code backoff(h) + log P(c | h')} with {@code h'} the context without its oldest token. Built by
 * the training module from interpolated Kneser-Ney estimates; used by {@link CtcPrefixBeamSearch} for
 * shallow fusion. Immutable and thread-safe.
 *
 * <p>Token sequences are packed into a {@code long} key: a leading 1 bit, then {@value #BITS} bits
 * per token, oldest first. The blank's index (0) never occurs as a prediction, so it marks the start
 * of a sentence in contexts. A decoder state is the key of the last {@code order - 1} tokens.
 */
public final class CharNgramLm {
  /** Bits per token in a key: vocabularies up to 32 tokens. */
  public static final int BITS = 5;
  /** Longest supported n-gram: a key holds a sentinel bit and up to 12 tokens. */
  public static final int MAX_ORDER = 12;
  /** The token index that marks the start of a sentence in a context. */
  public static final int START = 0;

  private final int order;
  private final int vocab;
  private final LongFloatTable logProbs;
  private final LongFloatTable backoffs;
  private final float floor;
  private final long[] ngramKeys;
  private final float[] ngramLogP;
  private final long[] ctxKeys;
  private final float[] ctxBackoff;

  /**
   * @param order      n (longest n-gram), in [1, {@value #MAX_ORDER}]
   * @param vocab      token count (including the blank) ≤ 32
   * @param ngramKeys  packed keys of the stored n-grams (context + predicted token)
   * @param ngramLogP  their natural-log conditional probabilities
   * @param ctxKeys    packed keys of contexts that have a back-off weight
   * @param ctxBackoff their natural-log back-off weights
   * @throws IllegalArgumentException on mismatched lengths, bad keys or non-finite values, naming the entry
   */
  public CharNgramLm(int order, int vocab, long[] ngramKeys, float[] ngramLogP, long[] ctxKeys, float[] ctxBackoff) {
    require(order >= 1 && order <= MAX_ORDER, "lm.order", order, "must be in [1, " + MAX_ORDER + "]");
    require(vocab >= 2 && vocab <= (1 << BITS), "lm.vocab", vocab, "must be in [2, " + (1 << BITS) + "]");
    require(ngramKeys.length == ngramLogP.length, "lm.ngrams", ngramKeys.length,
        "keys and log-probabilities differ in count (" + ngramLogP.length + ")");
    require(ctxKeys.length == ctxBackoff.length, "lm.contexts", ctxKeys.length,
        "keys and back-off weights differ in count (" + ctxBackoff.length + ")");
    this.order = order;
    this.vocab = vocab;
    float min = 0;
    for (int i = 0; i < ngramKeys.length; i++) {
      int len = length(ngramKeys[i]);
      require(len >= 1 && len <= order, "lm.ngram[" + i + "].length", len, "must be in [1, " + order + "]");
      require(Float.isFinite(ngramLogP[i]) && ngramLogP[i] <= 1e-4f, "lm.ngram[" + i + "].logp", ngramLogP[i],
          "must be a finite log-probability");
      min = Math.min(min, ngramLogP[i]);
    }
    for (int i = 0; i < ctxKeys.length; i++) {
      int len = length(ctxKeys[i]);
      require(len >= 1 && len < order, "lm.context[" + i + "].length", len, "must be in [1, " + (order - 1) + "]");
      require(Float.isFinite(ctxBackoff[i]), "lm.context[" + i + "].backoff", ctxBackoff[i], "must be finite");
    }
    this.ngramKeys = ngramKeys.clone();
    this.ngramLogP = ngramLogP.clone();
    this.ctxKeys = ctxKeys.clone();
    this.ctxBackoff = ctxBackoff.clone();
    this.logProbs = new LongFloatTable(ngramKeys, ngramLogP);
    this.backoffs = new LongFloatTable(ctxKeys, ctxBackoff);
    this.floor = min - 5f; // tokens never seen even as unigrams
  }

  public int order() {
    return order;
  }

  public int vocab() {
    return vocab;
  }

  /** Stored n-grams. */
  public int size() {
    return logProbs.size();
  }

  /** Keys of the stored n-grams (a copy, in construction order). */
  public long[] ngramKeys() {
    return ngramKeys.clone();
  }

  /** Log-probabilities of the stored n-grams, aligned with {@link #ngramKeys}. */
  public float[] ngramLogProbs() {
    return ngramLogP.clone();
  }

  /** Keys of the contexts with a back-off weight. */
  public long[] contextKeys() {
    return ctxKeys.clone();
  }

  /** Log back-off weights, aligned with {@link #contextKeys}. */
  public float[] contextBackoffs() {
    return ctxBackoff.clone();
  }

  /** The state at the start of a sentence. */
  public long start() {
    return order == 1 ? 1L : append(1L, START);
  }

  /** {@code log P(token | state)}, natural log. */
  public float score(long state, int token) {
    float acc = 0;
    long ctx = state;
    while (true) {
      float p = logProbs.get(append(ctx, token), Float.NaN);
      if (!Float.isNaN(p)) return acc + p;
      if (ctx == 1L) return acc + floor;
      acc += backoffs.get(ctx, 0f);
      ctx = dropOldest(ctx);
    }
  }

  /** The state after {@code token}: the last {@code order - 1} tokens. */
  public long next(long state, int token) {
    if (order == 1) return 1L;
    long k = append(state, token);
    return length(k) > order - 1 ? dropOldest(k) : k;
  }

  /** Packs tokens (oldest first) into a key. */
  public static long key(int... tokens) {
    long k = 1L;
    for (int t : tokens) k = append(k, t);
    return k;
  }

  /** Number of tokens in a key. */
  public static int length(long key) {
    return (63 - Long.numberOfLeadingZeros(key)) / BITS;
  }

  static long append(long key, int token) {
    return (key << BITS) | token;
  }

  /** The key without its oldest token. */
  public static long dropOldest(long key) {
    int len = length(key);
    long top = 1L << ((len - 1) * BITS);
    return (key & (top - 1)) | top;
  }
}
