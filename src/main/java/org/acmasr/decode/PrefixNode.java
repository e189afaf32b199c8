package org.acmasr.decode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A persistent (immutable, shared) linked-list node for a beam-search prefix: the parent prefix plus
 * one token, with the frames that token covers along the alignment that produced this node.
 *
 * <p>Extending a prefix by a token, or a token's span by a frame, allocates one node and shares the
 * parent; nothing is copied. Several nodes may stand for the same labeling with different timings,
 * so {@link #equals} and {@link #hashCode} compare the labeling (the token sequence) only, never the
 * timings: that is what merges paths in the search.
 */
final class PrefixNode {
  private static final long ROOT_HASH = 0x2545F4914F6CDD1DL;

  final PrefixNode parent;
  /** The last token of the prefix; -1 for the empty prefix. */
  final int token;
  final int length;
  final int firstFrame;
  final int lastFrame;
  final double logProbSum;
  /** Language-model state after this prefix, and the prefix's summed LM log-probability (0 without an LM). */
  final long lmState;
  final double lmScore;
  /** {@link Lexicon} node of the word being spelled ({@link Lexicon#ROOT} after a space). */
  final int wordNode;
  /** Words of this prefix that left the lexicon (0 without one). */
  final int oovWords;
  /** Word-LM state after the completed words, their summed word-LM log-probability, and their count. */
  final long wordState;
  final double wordScore;
  final int words;
  /**
   * What the language models, bonuses and penalties add to the prefix's CTC log-probability (fixed by
   * the labeling, so computed once per node): the beam ranks by CTC total + bias.
   */
  final double bias;
  private final long hash;

  private PrefixNode(PrefixNode parent, int token, int firstFrame, int lastFrame, double logProbSum, long hash,
      long lmState, double lmScore, int wordNode, int oovWords, long wordState, double wordScore, int words,
      double bias) {
    this.parent = parent;
    this.token = token;
    this.length = parent == null ? 0 : parent.length + 1;
    this.firstFrame = firstFrame;
    this.lastFrame = lastFrame;
    this.logProbSum = logProbSum;
    this.hash = hash;
    this.lmState = lmState;
    this.lmScore = lmScore;
    this.wordNode = wordNode;
    this.oovWords = oovWords;
    this.wordState = wordState;
    this.wordScore = wordScore;
    this.words = words;
    this.bias = bias;
  }

  /** The empty prefix. */
  static PrefixNode root() {
    return root(0L);
  }

  /** The empty prefix with a language model in state {@code lmStart}. */
  static PrefixNode root(long lmStart) {
    return root(lmStart, 0L);
  }

  /** The empty prefix with the character and word language models in their start states. */
  static PrefixNode root(long lmStart, long wordStart) {
    return new PrefixNode(null, -1, -1, -1, 0, ROOT_HASH, lmStart, 0, Lexicon.ROOT, 0, wordStart, 0, 0, 0);
  }

  boolean isRoot() {
    return parent == null;
  }

  /** This prefix followed by {@code token}, first emitted at {@code frame} with {@code logProb}. */
  PrefixNode child(int token, int frame, double logProb) {
    return child(token, frame, logProb, lmState, lmScore, wordNode, oovWords, wordState, wordScore, words, bias);
  }

  /**
   * As {@link #child(int, int, double)}, with the character LM's state and score, the lexicon's node
   * and out-of-vocabulary count, the word LM's state, score and word count, and the bias after the token.
   */
  PrefixNode child(int token, int frame, double logProb, long lmState, double lmScore, int wordNode, int oovWords,
      long wordState, double wordScore, int words, double bias) {
    long h = (hash ^ (token + 1)) * 0x9E3779B97F4A7C15L;
    return new PrefixNode(this, token, frame, frame, logProb, Long.rotateLeft(h, 31) ^ h, lmState, lmScore, wordNode,
        oovWords, wordState, wordScore, words, bias);
  }

  /** The same labeling with its last token's span extended to {@code frame}. */
  PrefixNode extendedTo(int frame, double logProb) {
    return new PrefixNode(parent, token, firstFrame, frame, logProbSum + logProb, hash, lmState, lmScore, wordNode,
        oovWords, wordState, wordScore, words, bias);
  }

  /** The tokens and spans from the first token to this one. */
  List<TokenSpan> spans() {
    List<TokenSpan> out = new ArrayList<>(length);
    for (PrefixNode n = this; !n.isRoot(); n = n.parent) {
      out.add(new TokenSpan(n.token, n.firstFrame, n.lastFrame, n.logProbSum));
    }
    Collections.reverse(out);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PrefixNode)) {
      return false;
    }
    PrefixNode a = this;
    PrefixNode b = (PrefixNode) o;
    while (a != b) {
      if (a == null || b == null || a.hash != b.hash || a.length != b.length || a.token != b.token) {
        return false;
      }
      a = a.parent;
      b = b.parent;
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hash);
  }
}
