package org.acmasr.decode;

/**
 * One emitted token and the frames it covers along the decoder's best alignment.
 *
 * @param token      token index (never the blank)
 * @param firstFrame first frame of the span, counted from the start of the segment
 * @param lastFrame  last frame of the span (inclusive), {@code >= firstFrame}
 * @param logProbSum sum of the token's log-probability over frames {@code firstFrame..lastFrame}
 */
public record TokenSpan(int token, int firstFrame, int lastFrame, double logProbSum) {

  public TokenSpan {
    if (token < 0 || firstFrame < 0 || lastFrame < firstFrame) {
      throw new IllegalArgumentException("token span: token " + token + " frames [" + firstFrame + ", " + lastFrame
          + "] must have token >= 0 and 0 <= firstFrame <= lastFrame");
    }
  }

  /** Number of frames covered. */
  public int frames() {
    return lastFrame - firstFrame + 1;
  }

  /** Mean log-probability of the token over its frames. */
  public double meanLogProb() {
    return logProbSum / frames();
  }

  /** The same token covering one more frame, {@code frame}, with log-probability {@code logProb}. */
  public TokenSpan extendedTo(int frame, double logProb) {
    return new TokenSpan(token, firstFrame, frame, logProbSum + logProb);
  }
}
