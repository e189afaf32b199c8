package org.acmasr.decode;

import static org.acmasr.check.Require.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The words a decoder knows, as a prefix tree over token indices. Beam search walks it one token at a
 * time while a word is being spelled and charges a penalty to a prefix whose word leaves the tree
 * (an out-of-vocabulary spelling), so that, among similar-sounding spellings, known words win while
 * unknown words stay possible. Immutable and thread-safe.
 *
 * <p>Nodes are dense integers: {@link #ROOT} is the empty word and {@link #OUT} stands for any
 * spelling that is not the prefix of a known word (absorbing).
 */
public final class Lexicon {
  /** The empty word. */
  public static final int ROOT = 0;
  /** Spellings that no known word starts with. */
  public static final int OUT = -1;
  /** Longest word stored. */
  public static final int MAX_WORD_TOKENS = 64;

  private final int vocab;
  private final int[] children; // [node × vocab] → child node or OUT
  private final int[] wordIndex; // [node] → index in words, or -1
  private final List<int[]> words;

  private Lexicon(int vocab, int[] children, int[] wordIndex, List<int[]> words) {
    this.vocab = vocab;
    this.children = children;
    this.wordIndex = wordIndex;
    this.words = words;
  }

  /**
   * The lexicon of {@code words}, each given as token indices (no blank, no space). Duplicates are
   * merged.
   *
   * @throws IllegalArgumentException on an empty word, a word longer than {@value #MAX_WORD_TOKENS}
   *     tokens, or a token that is the blank, the space or outside the vocabulary, naming the word
   */
  public static Lexicon of(TokenSet tokens, Collection<int[]> words) {
    int v = tokens.size();
    List<int[]> kids = new ArrayList<>();
    List<Integer> term = new ArrayList<>();
    kids.add(newRow(v));
    term.add(-1);
    List<int[]> stored = new ArrayList<>();
    int index = 0;
    for (int[] w : words) {
      require(w.length >= 1 && w.length <= MAX_WORD_TOKENS, "lexicon.word[" + index + "].length", w.length,
          "must be in [1, " + MAX_WORD_TOKENS + "]");
      int node = ROOT;
      for (int t : w) {
        require(t > 0 && t < v && t != tokens.space(), "lexicon.word[" + index + "].token", t,
            "must be a non-blank, non-space token below " + v);
        int next = kids.get(node)[t];
        if (next == OUT) {
          next = kids.size();
          kids.add(newRow(v));
          term.add(-1);
          kids.get(node)[t] = next;
        }
        node = next;
      }
      if (term.get(node) < 0) {
        term.set(node, stored.size());
        stored.add(w.clone());
      }
      index++;
    }
    int[] flat = new int[kids.size() * v];
    int[] terminal = new int[kids.size()];
    for (int n = 0; n < kids.size(); n++) {
      System.arraycopy(kids.get(n), 0, flat, n * v, v);
      terminal[n] = term.get(n);
    }
    return new Lexicon(v, flat, terminal, List.copyOf(stored));
  }

  /** The lexicon of whitespace-separated words of normalised text; characters outside {@code tokens} are skipped. */
  public static Lexicon ofText(TokenSet tokens, Collection<String> sentences) {
    List<int[]> words = new ArrayList<>();
    for (String s : sentences) {
      for (String w : s.trim().split("\\s+")) {
        int[] ids = tokens.spell(w);
        if (ids.length >= 1 && ids.length <= MAX_WORD_TOKENS) words.add(ids);
      }
    }
    return of(tokens, words);
  }

  private static int[] newRow(int v) {
    int[] r = new int[v];
    Arrays.fill(r, OUT);
    return r;
  }

  /** The node after spelling {@code token} from {@code node}; {@link #OUT} when no known word continues so. */
  public int next(int node, int token) {
    if (node == OUT || token <= 0 || token >= vocab) return OUT;
    return children[node * vocab + token];
  }

  /** Whether the spelling that led to {@code node} is a known word. */
  public boolean isWord(int node) {
    return node != OUT && wordIndex[node] >= 0;
  }

  /** The index in {@link #words} of the word spelled to reach {@code node}, or -1 when that is no word. */
  public int wordIndex(int node) {
    return node == OUT ? -1 : wordIndex[node];
  }

  /** Nodes of the prefix tree ({@link #ROOT} included): valid nodes are 0 .. nodes() - 1. */
  public int nodes() {
    return wordIndex.length;
  }

  /** Distinct words. */
  public int size() {
    return words.size();
  }

  /** Token count the lexicon was built for (the model's vocabulary). */
  public int vocab() {
    return vocab;
  }

  /** The distinct words as token indices, in first-seen order (copies). */
  public List<int[]> words() {
    List<int[]> out = new ArrayList<>(words.size());
    for (int[] w : words) out.add(w.clone());
    return out;
  }
}
