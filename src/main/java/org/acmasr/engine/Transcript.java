package org.acmasr.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.acmasr.decode.Word;

/**
 * The whole result of an offline transcription.
 *
 * @param text           all final segments' text, space separated
 * @param words          every word with timings (seconds from the start) and confidence
 * @param segments       the final segments
 * @param durationSeconds audio duration
 * @param budget         requested β
 * @param computeUsed    mean fraction of the static model's adaptive compute that ran
 * @param frameCompute   that fraction per 40 ms frame over the whole audio
 * @param processingSeconds wall-clock time spent
 */
public record Transcript(String text, List<Word> words, List<Segment> segments, double durationSeconds,
    double budget, double computeUsed, float[] frameCompute, double processingSeconds) {

  static Transcript of(List<Segment> segments, double duration, double budget, double used, float[] fc,
      double seconds) {
    List<Word> words = new ArrayList<>();
    for (Segment s : segments) words.addAll(s.words());
    String text = segments.stream().map(Segment::text).filter(t -> !t.isEmpty()).collect(Collectors.joining(" "));
    return new Transcript(text, words, List.copyOf(segments), duration, budget, used, fc, seconds);
  }

  /** Processing speed as a multiple of real time. */
  public double realTimeMultiple() {
    return processingSeconds == 0 ? 0 : durationSeconds / processingSeconds;
  }
}
