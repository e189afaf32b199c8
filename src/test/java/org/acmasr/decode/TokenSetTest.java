package org.acmasr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSetTest {
  private static final TokenSet EN = TokenSet.english();

  @Test
  void englishLayout() {
    assertEquals(29, EN.size());
    assertEquals(0, EN.blank());
    assertEquals(1, EN.space());
    assertEquals("<blk>", EN.symbol(0));
    assertEquals(" ", EN.symbol(1));
    assertEquals("a", EN.symbol(2));
    assertEquals("z", EN.symbol(27));
    assertEquals("'", EN.symbol(28));
    assertEquals(2, EN.indexOf("a"));
    assertEquals(18, EN.indexOf("q"));
    assertEquals(28, EN.indexOf("'"));
    assertEquals(1, EN.indexOf(" "));
    assertEquals(-1, EN.indexOf("A"));
    assertEquals(-1, EN.indexOf("ab"));
  }

  @Test
  void spellSkipsWhatIsNotALetterToken() {
    assertEquals("[10, 28, 20]", Arrays.toString(EN.spell("i's")));
    assertEquals("[2, 3]", Arrays.toString(EN.spell("a-B b\u0000")), "unknown characters and the space skipped");
    assertEquals(0, EN.spell("").length);
    assertEquals(0, EN.spell("<>").length);
  }

  @Test
  void textJoinsSkipsBlanksCollapsesWhitespaceAndTrims() {
    int[] tokens = ids(" it's  ", 0, "a", " ", " ", "b", "c", 0, "  ");
    assertEquals("it's a bc", EN.text(tokens));
    assertEquals("", EN.text(new int[0]));
    assertEquals("", EN.text(new int[] {1, 0, 1}));
  }

  @Test
  void textRejectsAnIndexOutsideTheSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EN.text(new int[] {2, 29}));
    assertEquals("token index 29 is outside [0, 29)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EN.symbol(-1));
  }

  @Test
  void customSetMayPutTheSpaceAnywhereAndNameTheBlankFreely() {
    TokenSet t = new TokenSet(List.of("_", "x", "y", " "));
    assertEquals(3, t.space());
    assertEquals(0, t.blank());
    assertEquals("xy x", t.text(new int[] {1, 2, 3, 1}));
  }

  @Test
  void symbolsAreCopiedAndUnmodifiable() {
    List<String> src = new ArrayList<>(List.of("<blk>", " ", "a"));
    TokenSet t = new TokenSet(src);
    src.set(2, "b");
    assertEquals("a", t.symbol(2));
    assertThrows(UnsupportedOperationException.class, () -> t.symbols().add("c"));
    assertEquals(new TokenSet(List.of("<blk>", " ", "a")), t);
  }

  @Test
  void rejectsAnEmptyList() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TokenSet(List.of()));
    assertEquals("token set is empty: need a blank at index 0 and a space \" \" symbol", e.getMessage());
  }

  @Test
  void rejectsDuplicates() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TokenSet(List.of("<blk>", " ", "a", "b", "a")));
    assertEquals("token set: duplicate symbol 'a' at indices 2 and 4", e.getMessage());
  }

  @Test
  void rejectsAMissingSpace() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TokenSet(List.of("<blk>", "a", "b")));
    assertEquals("token set: missing the word separator \" \" (space) among 3 symbols", e.getMessage());
  }

  @Test
  void rejectsTheSpaceAsBlank() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TokenSet(List.of(" ", "a")));
    assertEquals("token set: index 0 is the blank and cannot be the space \" \"", e.getMessage());
  }

  @Test
  void rejectsNullAndEmptySymbols() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TokenSet(Arrays.asList("<blk>", " ", null)));
    assertEquals("token set: symbol at index 2 is null", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TokenSet(List.of("<blk>", "", " ")));
    assertEquals("token set: symbol at index 1 is empty", e.getMessage());
  }

  /** Token ids for the given symbols; a multi-character string stands for its characters, 0 for the blank. */
  static int[] ids(Object... parts) {
    List<Integer> out = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof Integer i) {
        out.add(i);
      } else {
        for (char c : ((String) p).toCharArray()) {
          int id = EN.indexOf(String.valueOf(c));
          if (id < 0) {
            throw new IllegalArgumentException("not in the English set: " + c);
          }
          out.add(id);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
