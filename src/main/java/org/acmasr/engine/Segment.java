package org.acmasr.engine;

import java.util.List;
import org.acmasr.decode.Word;

/**
 * A recognition result for one segment of a stream (a span between endpoints).
 *
 * @param index        segment number in the stream, from 0
 * @param text         transcript
 * @param words        words with start/end seconds (from the stream start) and confidence
 * @param start        segment start in seconds from the stream start
 * @param end          segment end (last decoded frame) in seconds
 * @param isFinal      false for a partial result that may still change
 * @param budget       compute budget β in force for the segment's last decoded frames (a fixed
 *                     stream's requested β; for an "auto" stream, the level the scheduler chose)
 * @param computeUsed  mean fraction of the static model's adaptive compute spent on the segment's frames
 * @param frameCompute that fraction per 40 ms encoder frame
 */
public record Segment(int index, String text, List<Word> words, double start, double end, boolean isFinal,
    double budget, double computeUsed, float[] frameCompute) {

  public Segment {
    words = List.copyOf(words);
  }
}
