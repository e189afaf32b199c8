package org.acmasr.decode;

import static org.acmasr.check.Require.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What beam search needs to fuse a {@link WordNgramLm}: the lexicon of the LM's words that the model
 * can spell (a prefix tree over its tokens), the LM id of each lexicon word, and per lexicon node the
 * best unigram log-probability of the words below it (the "smeared" look-ahead a partial word is
 * scored with until its word ends, when the n-gram score in context replaces it). A spelling that
 * leaves the lexicon is scored as {@code <unk>}. Immutable and shared by every stream.
 */
public final class WordFusion {
  private final WordNgramLm lm;
  private final Lexicon lexicon;
  private final int[] lmId; // lexicon word index → LM word id
  private final float[] smear; // lexicon node → best unigram ln P below it; ROOT: 0
  private final float unkUnigram;

  /**
   * @param tokens the model's vocabulary; LM words with a character outside it (and {@code <s>},
   *     {@code </s>}, {@code <unk>}) stay out of the lexicon
   */
  public WordFusion(WordNgramLm lm, TokenSet tokens) {
    this.lm = lm;
    List<String> vocab = lm.ngrams().vocab();
    List<int[]> spellings = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < vocab.size(); i++) {
      int[] s = spellExactly(tokens, vocab.get(i));
      if (s != null) {
        spellings.add(s);
        ids.add(i);
      }
    }
    require(!spellings.isEmpty(), "lm.word.vocab", vocab.size() + " words",
        "none can be spelled with the model's tokens " + tokens.symbols());
    this.lexicon = Lexicon.of(tokens, spellings);
    this.lmId = new int[lexicon.size()];
    this.smear = new float[lexicon.nodes()];
    Arrays.fill(smear, Float.NEGATIVE_INFINITY);
    for (int w = 0, k = 0; w < spellings.size(); w++) {
      int node = Lexicon.ROOT;
      float uni = lm.score(0L, ids.get(w));
      for (int t : spellings.get(w)) {
        node = lexicon.next(node, t);
        smear[node] = Math.max(smear[node], uni);
      }
      if (lexicon.wordIndex(node) == k) lmId[k++] = ids.get(w); // duplicates were merged by the lexicon
    }
    smear[Lexicon.ROOT] = 0;
    this.unkUnigram = lm.score(0L, lm.unk());
  }

  /** The tokens of {@code word}, or null when a character is not a plain token or the word is a marker. */
  private static int[] spellExactly(TokenSet tokens, String word) {
    if (word.startsWith("<") || word.length() > Lexicon.MAX_WORD_TOKENS) return null;
    int[] s = tokens.spell(word);
    return s.length == word.length() ? s : null;
  }

  public WordNgramLm lm() {
    return lm;
  }

  public Lexicon lexicon() {
    return lexicon;
  }

  /** The LM word id for the spelling that reached lexicon {@code node}: {@code <unk>} unless it is a known word. */
  int word(int node) {
    int i = lexicon.wordIndex(node);
    return i < 0 ? lm.unk() : lmId[i];
  }

  /** The look-ahead score of a word being spelled, at lexicon {@code node} ({@link Lexicon#OUT}: {@code <unk>}). */
  float lookahead(int node) {
    return node == Lexicon.OUT ? unkUnigram : smear[node];
  }
}
