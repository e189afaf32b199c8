package org.acmasr.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acmasr.decode.CharNgramLm;
import org.acmasr.decode.Lexicon;
import org.acmasr.decode.TokenSet;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFormatException;
import org.acmasr.model.Tensor;
import org.acmasr.model.TensorLayout;

/**
 * Stores a {@link CharNgramLm} in a model file and reads it back. Model files hold float32 tensors, so
 * each entry is a row {@code [key low 23 bits, key high bits, value]}; both key halves are integers
 * below 2^24 and exact in float32, which limits stored models to keys of 46 bits (order ≤ 9).
 * Metadata {@code lm.order} gives n. An optional {@link Lexicon} is stored as {@code lm.lexicon}, one
 * word per row as token indices padded with 0 (the blank, which no word contains).
 */
public final class LanguageModelTensors {
  /** Highest order whose keys fit the float32 encoding. */
  public static final int MAX_FILE_ORDER = 9;
  private static final int LOW_BITS = 23;

  private LanguageModelTensors() {}

  /** The model's language model, if it carries one. */
  public static Optional<CharNgramLm> read(ModelData data) throws ModelFormatException {
    Tensor ng = data.tensors().get(TensorLayout.LM_NGRAMS);
    Tensor ctx = data.tensors().get(TensorLayout.LM_CONTEXTS);
    if (ng == null && ctx == null) return Optional.empty();
    if (ng == null || ctx == null) {
      throw new ModelFormatException("language model: " + TensorLayout.LM_NGRAMS + " and " + TensorLayout.LM_CONTEXTS
          + " must both be present");
    }
    String order = data.metadata().get("lm.order");
    if (order == null) throw new ModelFormatException("language model: metadata lm.order is missing");
    try {
      int n = Integer.parseInt(order.trim());
      return Optional.of(new CharNgramLm(n, data.config().vocab(), keys(ng), values(ng), keys(ctx), values(ctx)));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("language model: " + e.getMessage());
    }
  }

  /** The model's lexicon, if it carries one. */
  public static Optional<Lexicon> readLexicon(ModelData data) throws ModelFormatException {
    Tensor t = data.tensors().get(TensorLayout.LM_LEXICON);
    if (t == null) return Optional.empty();
    int rows = (int) t.shape()[0];
    int cols = (int) t.shape()[1];
    List<int[]> words = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      int len = 0;
      while (len < cols && t.data()[r * cols + len] != 0f) len++;
      int[] w = new int[len];
      for (int i = 0; i < len; i++) w[i] = (int) t.data()[r * cols + i];
      words.add(w);
    }
    try {
      return Optional.of(Lexicon.of(new TokenSet(data.config().tokens()), words));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(TensorLayout.LM_LEXICON + ": " + e.getMessage());
    }
  }

  /**
   * A copy of {@code data} carrying {@code lexicon} (replacing any it had), or carrying none when
   * {@code lexicon} is null.
   *
   * @throws IllegalArgumentException when the lexicon is empty or built for another vocabulary
   */
  public static ModelData withLexicon(ModelData data, Lexicon lexicon) {
    if (lexicon == null) {
      Map<String, Tensor> tensors = new LinkedHashMap<>(data.tensors());
      tensors.remove(TensorLayout.LM_LEXICON);
      return new ModelData(data.config(), data.metadata(), tensors);
    }
    if (lexicon.size() == 0) throw new IllegalArgumentException("lexicon: no words to store");
    if (lexicon.vocab() != data.config().vocab()) {
      throw new IllegalArgumentException("lexicon.vocab = " + lexicon.vocab() + ": the model has " + data.config().vocab()
          + " tokens");
    }
    List<int[]> words = lexicon.words();
    int cols = words.stream().mapToInt(w -> w.length).max().orElse(1);
    float[] d = new float[words.size() * cols];
    for (int r = 0; r < words.size(); r++) {
      for (int i = 0; i < words.get(r).length; i++) d[r * cols + i] = words.get(r)[i];
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>(data.tensors());
    tensors.put(TensorLayout.LM_LEXICON, new Tensor(new long[] {words.size(), cols}, d));
    return new ModelData(data.config(), data.metadata(), tensors);
  }

  /** A copy of {@code data} carrying {@code lm} (replacing any language model it had). */
  public static ModelData with(ModelData data, CharNgramLm lm, Map<String, String> extraMetadata) {
    if (lm.order() > MAX_FILE_ORDER) {
      throw new IllegalArgumentException("lm.order = " + lm.order() + ": model files store orders up to " + MAX_FILE_ORDER);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>(data.tensors());
    tensors.put(TensorLayout.LM_NGRAMS, rows(lm.ngramKeys(), lm.ngramLogProbs()));
    tensors.put(TensorLayout.LM_CONTEXTS, rows(lm.contextKeys(), lm.contextBackoffs()));
    Map<String, String> meta = new LinkedHashMap<>(data.metadata());
    meta.put("lm.order", Integer.toString(lm.order()));
    meta.putAll(extraMetadata);
    return new ModelData(data.config(), meta, tensors);
  }

  private static Tensor rows(long[] keys, float[] values) {
    float[] d = new float[keys.length * 3];
    for (int i = 0; i < keys.length; i++) {
      d[3 * i] = keys[i] & ((1L << LOW_BITS) - 1);
      d[3 * i + 1] = keys[i] >>> LOW_BITS;
      d[3 * i + 2] = values[i];
    }
    return new Tensor(new long[] {keys.length, 3}, d);
  }

  private static long[] keys(Tensor t) {
    int n = (int) t.shape()[0];
    long[] k = new long[n];
    for (int i = 0; i < n; i++) k[i] = ((long) t.data()[3 * i + 1] << LOW_BITS) | (long) t.data()[3 * i];
    return k;
  }

  private static float[] values(Tensor t) {
    int n = (int) t.shape()[0];
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = t.data()[3 * i + 2];
    return v;
  }
}
