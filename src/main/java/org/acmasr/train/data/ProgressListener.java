package org.acmasr.train.data;

/**
 * Receives progress of a long job. Calls are serialised (never concurrent) and {@code done} only grows,
 * but they may come from worker threads.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores progress. */
  ProgressListener NONE = (done, total) -> { };

  /** {@code done} of {@code total} items are finished (successfully or not). */
  void progress(int done, int total);
}
