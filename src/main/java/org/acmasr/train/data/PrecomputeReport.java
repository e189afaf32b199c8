package org.acmasr.train.data;

import java.util.List;

/**
 * Outcome of {@link FeatureCache#precompute}.
 *
 * @param clips       distinct clips handled
 * @param computed    clips decoded and written to the cache
 * @param cached      clips whose cache file was already valid
 * @param undecodable clips the audio decoder rejected, sorted by path
 * @param unreadable  clips that could not be read (missing, permission) or written, sorted by path
 */
public record PrecomputeReport(int clips, int computed, int cached, List<ClipFailure> undecodable,
    List<ClipFailure> unreadable) {
  public PrecomputeReport {
    undecodable = List.copyOf(undecodable);
    unreadable = List.copyOf(unreadable);
  }

  /** Clips with no features. */
  public int failed() {
    return undecodable.size() + unreadable.size();
  }

  /** e.g. {@code "120 clips: 100 computed, 18 cached, 2 undecodable, 0 unreadable"}. */
  @Override
  public String toString() {
    return clips + " clips: " + computed + " computed, " + cached + " cached, " + undecodable.size()
        + " undecodable, " + unreadable.size() + " unreadable";
  }
}
