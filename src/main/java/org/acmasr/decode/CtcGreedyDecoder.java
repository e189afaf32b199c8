package org.acmasr.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Streaming greedy CTC decoding: arg-max per frame (ties to the lowest index), repeats collapsed,
 * blanks dropped. Each token's span is the run of consecutive frames whose arg-max was that token;
 * the score is the best path's log-probability. One instance per stream, not thread-safe.
 */
public final class CtcGreedyDecoder implements StreamingDecoder {
  private final TokenSet tokens;
  private final double frameSeconds;

  private final List<TokenSpan> spans = new ArrayList<>();
  private double timeOffset;
  private int frame;
  private int previous = -1;
  private double logScore;

  /**
   * @param tokens       the model's vocabulary (its size is the expected row length)
   * @param frameSeconds duration of one frame in seconds (0.04 for the project's model)
   */
  public CtcGreedyDecoder(TokenSet tokens, double frameSeconds) {
    this.tokens = tokens;
    this.frameSeconds = Checks.frameSeconds(frameSeconds);
  }

  @Override
  public void accept(float[][] logProbs) {
    LogProbs.checkShape(logProbs, tokens.size());
    for (float[] row : logProbs) {
      int best = LogProbs.argmax(row);
      float lp = row[best];
      logScore += lp;
      if (best != tokens.blank()) {
        if (best == previous) {
          int last = spans.size() - 1;
          spans.set(last, spans.get(last).extendedTo(frame, lp));
        } else {
          spans.add(new TokenSpan(best, frame, frame, lp));
        }
      }
      previous = best;
      frame++;
    }
  }

  @Override
  public Hypothesis current() {
    return WordAligner.hypothesis(tokens, spans, logScore, timeOffset, frameSeconds);
  }

  @Override
  public void reset(double timeOffsetSeconds) {
    timeOffset = Checks.timeOffset(timeOffsetSeconds);
    spans.clear();
    frame = 0;
    previous = -1;
    logScore = 0;
  }

  @Override
  public int frames() {
    return frame;
  }
}
