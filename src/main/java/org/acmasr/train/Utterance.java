package org.acmasr.train;

import java.util.List;

/**
 * A training or evaluation example.
 *
 * @param id       clip name (the part before the first {@code _} names its source, e.g. {@code libri})
 * @param corpus   name of the corpus folder it came from, for per-corpus reports
 * @param labels   token ids of the normalised transcript (no blanks)
 * @param text     normalised transcript
 * @param variants its features at each training speed; index 0 is the unperturbed audio
 */
public record Utterance(String id, String corpus, int[] labels, String text, List<FeatureSource> variants) {
  public Utterance {
    if (variants == null || variants.isEmpty()) {
      throw new IllegalArgumentException("utterance " + id + ": needs at least the unperturbed features");
    }
    variants = List.copyOf(variants);
  }

  /** An utterance whose features are in memory, with no perturbed variants. */
  public static Utterance of(String id, String corpus, float[][] fbank, int[] labels, String text) {
    return new Utterance(id, corpus, labels, text, List.of(FeatureSource.of(fbank)));
  }

  /** Unperturbed log-mel features [T10][F] (loaded from the cache when they live there). */
  public float[][] fbank() {
    return variants.get(0).load();
  }

  /** The clip-name prefix before the first {@code _} ({@code cathy}, {@code libri}, ...), or "" if none. */
  public String source() {
    return sourceOf(id);
  }

  /** The source prefix of a clip name. */
  public static String sourceOf(String clip) {
    int i = clip.indexOf('_');
    return i > 0 ? clip.substring(0, i) : "";
  }
}
