package org.acmasr.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a model file holds: architecture, free-form metadata (name, training data, scores)
 * and the named tensors, validated against {@link TensorLayout}. Plain Java, no ND4J, so tools can
 * read and write models without a native backend.
 */
public record ModelData(ModelConfig config, Map<String, String> metadata, Map<String, Tensor> tensors) {

  public ModelData {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /**
   * Checks that exactly the expected tensors are present, with the expected shapes and finite values.
   *
   * @throws ModelFormatException naming the first offending tensor, with got vs expected
   */
  public ModelData validate() throws ModelFormatException {
    Map<String, long[]> expected = TensorLayout.expected(config);
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      if (t == null) {
        throw new ModelFormatException("missing tensor " + e.getKey() + " (expected shape "
            + Arrays.toString(e.getValue()) + ")");
      }
      if (!Arrays.equals(t.shape(), e.getValue())) {
        throw new ModelFormatException("tensor " + e.getKey() + ": got shape " + Arrays.toString(t.shape())
            + ", expected " + Arrays.toString(e.getValue()));
      }
      for (float v : t.data()) {
        if (!Float.isFinite(v)) {
          throw new ModelFormatException("tensor " + e.getKey() + ": contains a non-finite value (" + v + ")");
        }
      }
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      if (TensorLayout.isLanguageModel(name)) {
        long[] shape = e.getValue().shape();
        if (shape.length != 2 || shape[1] != 3) {
          throw new ModelFormatException("tensor " + name + ": got shape " + Arrays.toString(shape)
              + ", expected [n, 3] (key low bits, key high bits, value)");
        }
        continue;
      }
      int wordOrder = TensorLayout.wordLmOrder(name);
      if (wordOrder > 0) {
        long[] shape = e.getValue().shape();
        if (shape.length != 2 || shape[1] != wordOrder + 2) {
          throw new ModelFormatException("tensor " + name + ": got shape " + Arrays.toString(shape) + ", expected [n, "
              + (wordOrder + 2) + "] (" + wordOrder + " word ids, log10 p, log10 back-off)");
        }
        continue;
      }
      if (TensorLayout.LM_LEXICON.equals(name)) {
        Tensor t = e.getValue();
        if (t.shape().length != 2 || t.shape()[0] < 1 || t.shape()[1] < 1) {
          throw new ModelFormatException("tensor " + name + ": got shape " + Arrays.toString(t.shape())
              + ", expected [words, longest word] of token indices");
        }
        for (float v : t.data()) {
          if (v != Math.rint(v) || v < 0 || v >= config.vocab()) {
            throw new ModelFormatException("tensor " + name + ": value " + v + " is not a token index below "
                + config.vocab());
          }
        }
        continue;
      }
      if (!expected.containsKey(name)) {
        throw new ModelFormatException("unexpected tensor " + name + " for this configuration");
      }
    }
    return this;
  }

  public Tensor tensor(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor " + name);
    }
    return t;
  }
}
