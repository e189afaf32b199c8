package org.acmasr.decode;

import static org.acmasr.check.Require.require;

import java.util.List;

/**
 * A word n-gram language model in ARPA form: the vocabulary (word ids in unigram order) and, per order
 * n, the stored n-grams as word ids (oldest first) with their log10 conditional probability and log10
 * back-off weight (0 when the n-gram is no context or has none). What {@link ArpaReader} reads,
 * {@link ArpaWriter} writes and the training module builds. Immutable after construction (the arrays
 * are owned, not copied).
 */
public final class WordNgrams {
  /** ARPA's sentence start, sentence end and unknown word. */
  public static final String BOS = "<s>";
  public static final String EOS = "</s>";
  public static final String UNK = "<unk>";

  private final List<String> vocab;
  private final int[][] ids;
  private final float[][] log10Prob;
  private final float[][] log10Backoff;

  /**
   * @param vocab        word of each id; its size is the unigram count
   * @param ids          per order n (index n - 1), the n-grams' word ids, n per n-gram, flattened
   * @param log10Prob    per order, log10 P(w | h) of each n-gram
   * @param log10Backoff per order, log10 back-off weight of each n-gram as a context
   * @throws IllegalArgumentException on mismatched lengths, ids outside the vocabulary or values that
   *     are not finite, naming the order and n-gram
   */
  public WordNgrams(List<String> vocab, int[][] ids, float[][] log10Prob, float[][] log10Backoff) {
    int order = ids.length;
    require(order >= 1 && log10Prob.length == order && log10Backoff.length == order, "lm.word.order", order,
        "must be >= 1 with probabilities and back-offs for every order");
    require(ids[0].length == vocab.size(), "lm.word.unigrams", ids[0].length,
        "must equal the vocabulary size " + vocab.size());
    for (int n = 1; n <= order; n++) {
      int count = log10Prob[n - 1].length;
      require(ids[n - 1].length == count * n && log10Backoff[n - 1].length == count, "lm.word.ngrams[" + n + "]",
          count, "ids, probabilities and back-offs differ in count");
      for (int i = 0; i < ids[n - 1].length; i++) {
        int id = ids[n - 1][i];
        if (id < 0 || id >= vocab.size()) { // messages are built only for a bad entry: millions are checked
          require(false, "lm.word.ngram[" + n + "][" + i / n + "].word", id, "must be a word id below "
              + vocab.size());
        }
      }
      for (int i = 0; i < count; i++) {
        float p = log10Prob[n - 1][i];
        float b = log10Backoff[n - 1][i];
        if (!(Float.isFinite(p) && p <= 1e-4f)) {
          require(false, "lm.word.ngram[" + n + "][" + i + "].log10p", p, "must be a finite log-probability");
        }
        if (!Float.isFinite(b)) require(false, "lm.word.ngram[" + n + "][" + i + "].backoff", b, "must be finite");
      }
    }
    this.vocab = List.copyOf(vocab);
    this.ids = ids;
    this.log10Prob = log10Prob;
    this.log10Backoff = log10Backoff;
  }

  /** Longest n-gram length. */
  public int order() {
    return ids.length;
  }

  /** The word of each id. */
  public List<String> vocab() {
    return vocab;
  }

  /** Stored n-grams of order {@code n}. */
  public int count(int n) {
    return log10Prob[n - 1].length;
  }

  /** Stored n-grams of every order. */
  public long total() {
    long t = 0;
    for (float[] p : log10Prob) t += p.length;
    return t;
  }

  /** Word {@code j} (0 = oldest) of n-gram {@code i} of order {@code n}. */
  public int word(int n, int i, int j) {
    return ids[n - 1][i * n + j];
  }

  public float log10Prob(int n, int i) {
    return log10Prob[n - 1][i];
  }

  public float log10Backoff(int n, int i) {
    return log10Backoff[n - 1][i];
  }
}
