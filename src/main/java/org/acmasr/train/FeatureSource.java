package org.acmasr.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.acmasr.train.data.FeatureCache;

/**
 * The log-mel features of one clip at one speed, loaded when a batch needs them: 13 h of speech at three
 * speeds is 4.6 GB of floats, which stay in the feature cache on disk (and the OS page cache, shared by
 * concurrent runs) instead of every training process's heap.
 */
public interface FeatureSource {
  /** Log-mel frames [T10][F]. */
  float[][] load();

  /** T10, known without loading. */
  int frames();

  /** Features already in memory (tests, small sets). */
  static FeatureSource of(float[][] fbank) {
    return new FeatureSource() {
      @Override
      public float[][] load() {
        return fbank;
      }

      @Override
      public int frames() {
        return fbank.length;
      }
    };
  }

  /** Features of {@code clip} in {@code cache} (already computed: {@code frames} is read from its header). */
  static FeatureSource cached(FeatureCache cache, Path clip, int frames) {
    return new FeatureSource() {
      @Override
      public float[][] load() {
        try {
          return cache.features(clip);
        } catch (IOException e) {
          throw new UncheckedIOException("features of " + clip.getFileName() + ": " + e.getMessage(), e);
        }
      }

      @Override
      public int frames() {
        return frames;
      }
    };
  }
}
