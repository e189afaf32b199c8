package org.acmasr.train.lm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acmasr.decode.CharNgramLm;
import org.acmasr.decode.TokenSet;

/**
 * Estimates a character n-gram {@link CharNgramLm} with interpolated Kneser-Ney smoothing (Chen and
 * Goodman 1998, one discount per order, D = n1 / (n1 + 2 n2)) and writes it in back-off form: every
 * seen n-gram stores its interpolated probability, every seen context its interpolation weight γ.
 *
 * <p>Sentences are token sequences (normalised text mapped to the model's tokens, words separated by
 * the space token); each starts with {@link CharNgramLm#START} as context. Counts of the highest order,
 * and of n-grams that begin at the sentence start, are raw counts; lower orders use continuation
 * counts (how many distinct tokens precede them).
 */
public final class KneserNeyBuilder {
  private final int order;
  private final TokenSet tokens;
  /** Raw counts of n-grams of every order 1..N, keyed by {@link CharNgramLm#key}. */
  private final Map<Long, Integer> raw = new HashMap<>();
  private long sentences;

  public KneserNeyBuilder(int order, TokenSet tokens) {
    if (order < 1 || order > CharNgramLm.MAX_ORDER) {
      throw new IllegalArgumentException("lm.order = " + order + ": must be in [1, " + CharNgramLm.MAX_ORDER + "]");
    }
    this.order = order;
    this.tokens = tokens;
  }

  /** Adds one sentence of normalised text (characters outside the token set are skipped). @return tokens added */
  public int addSentence(String normalized) {
    List<Integer> seq = new ArrayList<>();
    seq.add(CharNgramLm.START);
    for (String w : normalized.trim().split("\\s+")) {
      int[] spelled = tokens.spell(w);
      if (spelled.length == 0) continue; // e.g. "-": nothing the model can say
      if (seq.size() > 1) seq.add(tokens.space());
      for (int t : spelled) seq.add(t);
    }
    for (int i = 1; i < seq.size(); i++) { // every predicted position
      for (int n = 1; n <= order && i - n + 1 >= 0; n++) {
        // the n-gram seq[i-n+1 .. i], packed oldest first
        long k = 1L;
        for (int j = i - n + 1; j <= i; j++) k = (k << CharNgramLm.BITS) | seq.get(j);
        raw.merge(k, 1, Integer::sum);
        if (seq.get(i - n + 1) == CharNgramLm.START) break; // nothing precedes the start
      }
    }
    sentences++;
    return seq.size() - 1;
  }

  public long sentences() {
    return sentences;
  }

  /** The smoothed model. */
  public CharNgramLm build() {
    // Adjusted counts: raw for the top order and for n-grams starting at the sentence start, else continuation counts.
    Map<Long, Integer> adjusted = new HashMap<>();
    for (Map.Entry<Long, Integer> e : raw.entrySet()) {
      long k = e.getKey();
      int len = CharNgramLm.length(k);
      if (len == order || first(k) == CharNgramLm.START) adjusted.merge(k, e.getValue(), Integer::sum);
      if (len >= 2) {
        long lower = CharNgramLm.dropOldest(k);
        if (CharNgramLm.length(lower) < order && first(lower) != CharNgramLm.START) {
          adjusted.merge(lower, 1, Integer::sum); // one more distinct left extension
        }
      }
    }
    double[] discount = discounts(adjusted);
    // Per context: total adjusted count and number of distinct continuations.
    Map<Long, long[]> contexts = new HashMap<>();
    for (Map.Entry<Long, Integer> e : adjusted.entrySet()) {
      long[] s = contexts.computeIfAbsent(context(e.getKey()), x -> new long[2]);
      s[0] += e.getValue();
      s[1]++;
    }
    int predictable = tokens.size() - 1;
    Map<Long, Double> prob = new HashMap<>();
    // Orders ascending, so the lower-order probability is known when it is interpolated.
    List<List<Long>> byOrder = new ArrayList<>();
    for (int n = 0; n <= order; n++) byOrder.add(new ArrayList<>());
    for (long k : adjusted.keySet()) byOrder.get(CharNgramLm.length(k)).add(k);
    for (int n = 1; n <= order; n++) {
      for (long k : byOrder.get(n)) {
        long h = context(k);
        long[] s = contexts.get(h);
        double d = discount[n];
        double gamma = d * s[1] / s[0];
        double lower = n == 1 ? 1.0 / predictable : lowerProb(prob, CharNgramLm.dropOldest(k));
        prob.put(k, Math.max(adjusted.get(k) - d, 0) / s[0] + gamma * lower);
      }
    }
    long[] nk = new long[prob.size()];
    float[] np = new float[prob.size()];
    int i = 0;
    for (Map.Entry<Long, Double> e : prob.entrySet()) {
      nk[i] = e.getKey();
      np[i++] = (float) Math.log(e.getValue());
    }
    List<long[]> ctx = new ArrayList<>();
    for (Map.Entry<Long, long[]> e : contexts.entrySet()) {
      long h = e.getKey();
      if (h == 1L) continue; // the empty context interpolates with the uniform floor, not a stored back-off
      ctx.add(new long[] {h, Double.doubleToLongBits(discount[CharNgramLm.length(h) + 1] * e.getValue()[1]
          / e.getValue()[0])});
    }
    long[] ck = new long[ctx.size()];
    float[] cb = new float[ctx.size()];
    for (int j = 0; j < ctx.size(); j++) {
      ck[j] = ctx.get(j)[0];
      cb[j] = (float) Math.log(Double.longBitsToDouble(ctx.get(j)[1]));
    }
    return new CharNgramLm(order, tokens.size(), nk, np, ck, cb);
  }

  /** P(c | h) for an n-gram that may not be stored: back off through the lower orders. */
  private double lowerProb(Map<Long, Double> prob, long k) {
    Double p = prob.get(k);
    if (p != null) return p;
    throw new IllegalStateException("lower-order n-gram missing for key " + k); // every suffix of a seen n-gram is seen
  }

  private double[] discounts(Map<Long, Integer> adjusted) {
    long[] n1 = new long[order + 1];
    long[] n2 = new long[order + 1];
    for (Map.Entry<Long, Integer> e : adjusted.entrySet()) {
      int len = CharNgramLm.length(e.getKey());
      if (e.getValue() == 1) n1[len]++;
      if (e.getValue() == 2) n2[len]++;
    }
    double[] d = new double[order + 1];
    for (int n = 1; n <= order; n++) {
      double v = n1[n] + 2 * n2[n] == 0 ? 0.5 : (double) n1[n] / (n1[n] + 2.0 * n2[n]);
      d[n] = Math.min(0.95, Math.max(0.05, v));
    }
    return d;
  }

  private static long context(long k) {
    return k >>> CharNgramLm.BITS;
  }

  private static int first(long k) {
    int len = CharNgramLm.length(k);
    return (int) ((k >>> ((len - 1) * CharNgramLm.BITS)) & ((1 << CharNgramLm.BITS) - 1));
  }

}
