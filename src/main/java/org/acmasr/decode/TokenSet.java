package org.acmasr.decode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The output vocabulary of a CTC model: index 0 is the blank, and one symbol is the word separator
 * {@code " "} (a single space). Immutable and thread-safe.
 */
public final class TokenSet {
  /** The word separator symbol. */
  public static final String SPACE = " ";

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final List<String> symbols;
  private final Map<String, Integer> index;
  private final int space;

  /**
   * @param symbols the symbol of each token index; index 0 is the blank (any string, e.g.
   *     {@code "<blk>"}), and exactly one symbol must be {@code " "}
   * @throws IllegalArgumentException if the list is empty, holds a null or empty symbol, repeats a
   *     symbol, or has no space (or has it at the blank's index)
   */
  public TokenSet(List<String> symbols) {
    Objects.requireNonNull(symbols, "symbols");
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("token set is empty: need a blank at index 0 and a space \" \" symbol");
    }
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < symbols.size(); i++) {
      String s = symbols.get(i);
      if (s == null || s.isEmpty()) {
        throw new IllegalArgumentException("token set: symbol at index " + i + " is " + (s == null ? "null" : "empty"));
      }
      Integer previous = idx.putIfAbsent(s, i);
      if (previous != null) {
        throw new IllegalArgumentException("token set: duplicate symbol '" + s + "' at indices " + previous + " and "
            + i);
      }
    }
    Integer sp = idx.get(SPACE);
    if (sp == null) {
      throw new IllegalArgumentException("token set: missing the word separator \" \" (space) among "
          + symbols.size() + " symbols");
    }
    if (sp == 0) {
      throw new IllegalArgumentException("token set: index 0 is the blank and cannot be the space \" \"");
    }
    this.symbols = List.copyOf(symbols);
    this.index = Map.copyOf(idx);
    this.space = sp;
  }

  /** Blank, space, {@code a}..{@code z}, apostrophe: 29 symbols, blank {@code "<blk>"} at index 0. */
  public static TokenSet english() {
    List<String> s = new ArrayList<>(29);
    s.add("<blk>");
    s.add(SPACE);
    for (char c = 'a'; c <= 'z'; c++) {
      s.add(String.valueOf(c));
    }
    s.add("'");
    return new TokenSet(s);
  }

  /** Number of tokens, blank included. */
  public int size() {
    return symbols.size();
  }

  /** Index of the CTC blank: always 0. */
  public int blank() {
    return 0;
  }

  /** Index of the word separator. */
  public int space() {
    return space;
  }

  /** The symbol of token {@code i}. */
  public String symbol(int i) {
    checkIndex(i);
    return symbols.get(i);
  }

  /** Index of {@code symbol}, or -1 if it is not in the set. */
  public int indexOf(String symbol) {
    Integer i = index.get(symbol);
    return i == null ? -1 : i;
  }

  /**
   * The tokens that spell {@code word}, leniently: characters that are not tokens (or are the blank or
   * the space) are skipped. For building the LM and the lexicon from text; training labels use the
   * strict {@code Labels.encode}.
   */
  public int[] spell(String word) {
    return word.chars().map(c -> indexOf(String.valueOf((char) c))).filter(t -> t > 0 && t != space()).toArray();
  }

  /** All symbols, in index order (unmodifiable). */
  public List<String> symbols() {
    return symbols;
  }

  /**
   * Joins the symbols of {@code tokens} (blanks skipped), collapses runs of whitespace to a single
   * space and trims the ends.
   */
  public String text(int[] tokens) {
    StringBuilder sb = new StringBuilder();
    for (int t : tokens) {
      checkIndex(t);
      if (t != 0) {
        sb.append(symbols.get(t));
      }
    }
    return WHITESPACE.matcher(sb).replaceAll(" ").trim();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenSet other && symbols.equals(other.symbols);
  }

  @Override
  public int hashCode() {
    return symbols.hashCode();
  }

  @Override
  public String toString() {
    return "TokenSet" + symbols;
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= symbols.size()) {
      throw new IllegalArgumentException("token index " + i + " is outside [0, " + symbols.size() + ")");
    }
  }
}
