package org.acmasr.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named tensors a model of a given configuration must contain, with their shapes. The single
 * source of truth for the model file, the random initialiser and training.
 *
 * <p>An ACM with N learners of width b stores them packed: {@code w1} [in, N·b] (column block n is
 * learner n's input map), {@code b1} [N·b], {@code w2} [N·b, out], and the module's output bias
 * {@code b2} [out], which is added whenever at least one learner runs. Its gate (only when
 * {@code acm.gated}) is an MLP over [input, β]: {@code gate.w1} [in+1, g], {@code gate.w2} [g, g],
 * {@code gate.w3} [g, choices] with biases; choices = N+1 (k = 0..N) for an FFN, N (k = 1..N) for a
 * projection. Projections are the fused q/k/v map (d → 3d) and the output map o (d → d).
 */
public final class TensorLayout {
  private TensorLayout() {}

  /** The attention projections: fused q/k/v (d → 3d, as timm's ViT {@code attn.qkv}) and the output o (d → d). */
  public static final String QKV = "qkv";
  public static final String OUT = "o";

  /** Optional character language model for decoding: n-grams and back-off weights, {@code [n, 3]} each. */
  public static final String LM_NGRAMS = "lm.ngrams";
  public static final String LM_CONTEXTS = "lm.contexts";
  /** Optional lexicon for decoding: one known word per row as token indices, 0-padded, {@code [words, longest]}. */
  public static final String LM_LEXICON = "lm.lexicon";

  /** Optional word language model: {@code lm.word.Ngrams} holds the N-grams, {@code [count, N + 2]} (ids, log10 p, log10 back-off). */
  public static final String WORD_LM_PREFIX = "lm.word.";

  /** The tensor of a word language model's n-grams of order {@code n}. */
  public static String wordLm(int n) {
    return WORD_LM_PREFIX + n + "grams";
  }

  /** The order of a word-LM tensor's n-grams, or 0 when {@code name} is no word-LM tensor. */
  public static int wordLmOrder(String name) {
    if (!name.startsWith(WORD_LM_PREFIX) || !name.endsWith("grams")) return 0;
    try {
      return Integer.parseInt(name.substring(WORD_LM_PREFIX.length(), name.length() - 5));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** True for the optional language-model tensors (n-grams, contexts), which a model may or may not carry. */
  public static boolean isLanguageModel(String name) {
    return LM_NGRAMS.equals(name) || LM_CONTEXTS.equals(name);
  }

  public static String layer(int i) {
    return "layers." + i;
  }

  /** Expected tensors in file order. */
  public static Map<String, long[]> expected(ModelConfig c) {
    Map<String, long[]> m = new LinkedHashMap<>();
    int d = c.dModel();
    int f = c.fbank().numMelBins();
    m.put("cmvn.mean", new long[] {f});
    m.put("cmvn.istd", new long[] {f});
    m.put("sub.w", new long[] {c.inputDim(), d});
    m.put("sub.b", new long[] {d});
    for (int i = 0; i < c.layers(); i++) {
      String p = layer(i);
      m.put(p + ".ln1.g", new long[] {d});
      m.put(p + ".ln1.b", new long[] {d});
      if (c.acm().projections()) {
        acm(m, p + ".attn." + QKV, d, c.qkvLearnerRank(), 3 * d, c.acm(), false);
        acm(m, p + ".attn." + OUT, d, c.projLearnerRank(), d, c.acm(), false);
      } else {
        m.put(p + ".attn." + QKV + ".w", new long[] {d, 3L * d});
        m.put(p + ".attn." + QKV + ".b", new long[] {3L * d});
        m.put(p + ".attn." + OUT + ".w", new long[] {d, d});
        m.put(p + ".attn." + OUT + ".b", new long[] {d});
      }
      if (c.convKernel() > 0) {
        // Convolution module: LN, pointwise d → 2d (GLU halves: [value | gate]), depthwise causal
        // kernel [K, d] (row K − 1 weighs the current frame), LN, swish, pointwise d → d.
        m.put(p + ".conv.ln.g", new long[] {d});
        m.put(p + ".conv.ln.b", new long[] {d});
        m.put(p + ".conv.pw1.w", new long[] {d, 2L * d});
        m.put(p + ".conv.pw1.b", new long[] {2L * d});
        m.put(p + ".conv.dw.w", new long[] {c.convKernel(), d});
        m.put(p + ".conv.dw.b", new long[] {d});
        m.put(p + ".conv.norm.g", new long[] {d});
        m.put(p + ".conv.norm.b", new long[] {d});
        m.put(p + ".conv.pw2.w", new long[] {d, d});
        m.put(p + ".conv.pw2.b", new long[] {d});
      }
      m.put(p + ".ln2.g", new long[] {d});
      m.put(p + ".ln2.b", new long[] {d});
      acm(m, p + ".ffn", d, c.ffnLearnerWidth(), d, c.acm(), true);
    }
    m.put("final.ln.g", new long[] {d});
    m.put("final.ln.b", new long[] {d});
    m.put("ctc.w", new long[] {d, c.vocab()});
    m.put("ctc.b", new long[] {c.vocab()});
    return m;
  }

  private static void acm(Map<String, long[]> m, String p, int in, int width, int out, AcmConfig a, boolean canSkip) {
    int n = a.learners();
    m.put(p + ".w1", new long[] {in, (long) n * width});
    m.put(p + ".b1", new long[] {(long) n * width});
    m.put(p + ".w2", new long[] {(long) n * width, out});
    m.put(p + ".b2", new long[] {out});
    if (a.gated()) {
      int g = a.gateHidden();
      m.put(p + ".gate.w1", new long[] {in + 1, g});
      m.put(p + ".gate.b1", new long[] {g});
      m.put(p + ".gate.w2", new long[] {g, g});
      m.put(p + ".gate.b2", new long[] {g});
      m.put(p + ".gate.w3", new long[] {g, canSkip ? n + 1 : n});
      m.put(p + ".gate.b3", new long[] {canSkip ? n + 1 : n});
    }
  }
}
