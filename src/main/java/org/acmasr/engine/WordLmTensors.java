package org.acmasr.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acmasr.decode.WordNgramLm;
import org.acmasr.decode.WordNgrams;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFormatException;
import org.acmasr.model.Tensor;
import org.acmasr.model.TensorLayout;

/**
 * Stores a word n-gram language model in a model file and reads it back. The vocabulary is metadata
 * {@code lm.word.vocab} (the words in id order, separated by single spaces; {@code lm.word.order} gives
 * n); the n-grams of order k are the tensor {@code lm.word.kgrams}, one row per n-gram: k word ids
 * (exact in float32 below 2^24), log10 p, log10 back-off. That is 4·(k + 2) bytes an n-gram, about half of
 * the ARPA text, and it loads without parsing text.
 */
public final class WordLmTensors {
  static final String META_ORDER = "lm.word.order";
  static final String META_VOCAB = "lm.word.vocab";

  private WordLmTensors() {}

  /** The model's word language model, if it carries one. */
  public static Optional<WordNgramLm> read(ModelData data) throws ModelFormatException {
    String order = data.metadata().get(META_ORDER);
    if (order == null) return Optional.empty();
    String vocab = data.metadata().get(META_VOCAB);
    if (vocab == null) throw new ModelFormatException("word language model: metadata " + META_VOCAB + " is missing");
    try {
      int n = Integer.parseInt(order.trim());
      if (n < 1 || n > WordNgramLm.MAX_ORDER) {
        throw new ModelFormatException("word language model: " + META_ORDER + " = " + n + " must be in [1, "
            + WordNgramLm.MAX_ORDER + "]");
      }
      int[][] ids = new int[n][];
      float[][] prob = new float[n][];
      float[][] backoff = new float[n][];
      for (int k = 1; k <= n; k++) {
        Tensor t = data.tensors().get(TensorLayout.wordLm(k));
        if (t == null) throw new ModelFormatException("word language model: tensor " + TensorLayout.wordLm(k) + " is missing");
        int rows = (int) t.shape()[0];
        float[] d = t.data();
        ids[k - 1] = new int[rows * k];
        prob[k - 1] = new float[rows];
        backoff[k - 1] = new float[rows];
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < k; j++) ids[k - 1][r * k + j] = (int) d[r * (k + 2) + j];
          prob[k - 1][r] = d[r * (k + 2) + k];
          backoff[k - 1][r] = d[r * (k + 2) + k + 1];
        }
      }
      return Optional.of(new WordNgramLm(new WordNgrams(Arrays.asList(vocab.split(" ")), ids, prob, backoff)));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("word language model: " + e.getMessage());
    }
  }

  /** A copy of {@code data} carrying {@code lm} (replacing any word LM it had) and {@code extraMetadata}. */
  public static ModelData with(ModelData data, WordNgrams lm, Map<String, String> extraMetadata) {
    Map<String, Tensor> tensors = new LinkedHashMap<>(data.tensors());
    tensors.keySet().removeIf(name -> TensorLayout.wordLmOrder(name) > 0);
    for (int k = 1; k <= lm.order(); k++) {
      int rows = lm.count(k);
      float[] d = new float[rows * (k + 2)];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < k; j++) d[r * (k + 2) + j] = lm.word(k, r, j);
        d[r * (k + 2) + k] = lm.log10Prob(k, r);
        d[r * (k + 2) + k + 1] = lm.log10Backoff(k, r);
      }
      tensors.put(TensorLayout.wordLm(k), new Tensor(new long[] {rows, k + 2}, d));
    }
    List<String> vocab = lm.vocab();
    for (String w : vocab) {
      if (w.isEmpty() || w.contains(" ")) throw new IllegalArgumentException("lm.word.vocab: word '" + w + "' is empty or has a space");
    }
    Map<String, String> meta = new LinkedHashMap<>(data.metadata());
    meta.put(META_ORDER, Integer.toString(lm.order()));
    meta.put(META_VOCAB, String.join(" ", vocab));
    meta.putAll(extraMetadata);
    return new ModelData(data.config(), meta, tensors);
  }
}
