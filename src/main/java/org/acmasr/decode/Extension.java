package org.acmasr.decode;

/**
 * What following a labeling with one token gives the language models, the lexicon and the bias: fixed by
 * the labeling and the token, not by timings, so the search computes it once per prefix and token while
 * the prefix stays in the beam (a prefix is typically extended by the same few tokens frame after frame).
 */
record Extension(long lmState, double lmScore, int wordNode, int oovWords, long wordState, double wordScore,
    int words, double bias) {

  /** A child node of {@code parent} for {@code token} at {@code frame}, carrying these values. */
  PrefixNode child(PrefixNode parent, int token, int frame, double logProb) {
    return parent.child(token, frame, logProb, lmState, lmScore, wordNode, oovWords, wordState, wordScore, words,
        bias);
  }
}
