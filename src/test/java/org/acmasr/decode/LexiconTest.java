package org.acmasr.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {
  private static final TokenSet EN = TokenSet.english();

  private static int walk(Lexicon lex, String spelling) {
    int node = Lexicon.ROOT;
    for (char c : spelling.toCharArray()) node = lex.next(node, EN.indexOf(String.valueOf(c)));
    return node;
  }

  @Test
  void walksKnownWordsAndTheirPrefixes() {
    Lexicon lex = Lexicon.ofText(EN, List.of("the cat sat", "then the cats' hat", "  "));
    assertEquals(6, lex.size(), "the, cat, sat, then, cats', hat (duplicates merged)");
    assertTrue(lex.isWord(walk(lex, "the")));
    assertTrue(lex.isWord(walk(lex, "then")));
    assertTrue(lex.isWord(walk(lex, "cats'")));
    assertFalse(lex.isWord(walk(lex, "th")), "a prefix is not a word");
    assertFalse(lex.isWord(walk(lex, "cats")));
    assertEquals(Lexicon.OUT, walk(lex, "thx"));
    assertEquals(Lexicon.OUT, walk(lex, "thxe"), "OUT is absorbing");
    assertFalse(lex.isWord(Lexicon.OUT));
    assertFalse(lex.isWord(Lexicon.ROOT));
    assertEquals(Lexicon.OUT, lex.next(walk(lex, "ca"), EN.space()), "the space is never inside a word");
    assertArrayEquals(new int[] {EN.indexOf("t"), EN.indexOf("h"), EN.indexOf("e")}, lex.words().get(0));
  }

  @Test
  void badWordsAreNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> Lexicon.of(EN, List.of(new int[] {2}, new int[0])));
    assertEquals("lexicon.word[1].length = 0: must be in [1, 64]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Lexicon.of(EN, List.of(new int[] {2, EN.space()})));
    assertEquals("lexicon.word[0].token = 1: must be a non-blank, non-space token below 29", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Lexicon.of(EN, List.of(new int[] {29})));
    assertEquals("lexicon.word[0].token = 29: must be a non-blank, non-space token below 29", e.getMessage());
  }
}
