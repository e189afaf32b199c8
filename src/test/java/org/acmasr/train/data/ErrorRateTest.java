package org.acmasr.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorRateTest {
  @Test
  void identicalTextHasNoErrors() {
    assertEquals(new EditOps(3, 0, 0, 0), ErrorRate.wordOps("the cat sat", "the cat sat"));
    assertEquals(0.0, ErrorRate.wer("the cat sat", "the cat sat"));
    assertEquals(0.0, ErrorRate.cer("the cat sat", "the cat sat"));
  }

  @Test
  void textIsNormalisedBeforeScoring() {
    assertEquals(0.0, ErrorRate.wer("Hello, World! It's 5.", "hello world it's five"));
    assertEquals(0.0, ErrorRate.cer("  Hello -  world ", "hello world"));
  }

  @Test
  void emptyHypothesisDeletesEveryReferenceWord() {
    assertEquals(new EditOps(0, 0, 3, 0), ErrorRate.wordOps("the cat sat", ""));
    assertEquals(1.0, ErrorRate.wer("the cat sat", ""));
    assertEquals(1.0, ErrorRate.cer("the cat sat", ""));
    assertEquals(new EditOps(0, 0, 11, 0), ErrorRate.charOps("the cat sat", ""));
  }

  @Test
  void emptyReferenceRateIsZeroOrTheInsertionCount() {
    assertEquals(EditOps.NONE, ErrorRate.wordOps("", ""));
    assertEquals(0.0, ErrorRate.wer("", "..."));
    assertEquals(new EditOps(0, 0, 0, 2), ErrorRate.wordOps("", "a b"));
    assertEquals(2.0, ErrorRate.wer("", "a b"));
    assertEquals(3.0, ErrorRate.cer("", "a b"));
  }

  @Test
  void substitutionAndDeletion() {
    // ref: the cat sat on the mat / hyp: the cat sit on mat -> sat→sit (S), second "the" missing (D)
    EditOps ops = ErrorRate.wordOps("the cat sat on the mat", "the cat sit on mat");
    assertEquals(new EditOps(4, 1, 1, 0), ops);
    assertEquals(2, ops.errors());
    assertEquals(6, ops.referenceLength());
    assertEquals(5, ops.hypothesisLength());
    assertEquals(2.0 / 6, ErrorRate.wer("the cat sat on the mat", "the cat sit on mat"), 1e-12);
  }

  @Test
  void insertion() {
    assertEquals(new EditOps(2, 0, 0, 1), ErrorRate.wordOps("a b", "a x b"));
    assertEquals(0.5, ErrorRate.wer("a b", "a x b"));
  }

  @Test
  void werCanExceedOne() {
    assertEquals(new EditOps(0, 1, 0, 2), ErrorRate.wordOps("yes", "no no no"));
    assertEquals(3.0, ErrorRate.wer("yes", "no no no"));
  }

  @Test
  void cerCountsCharactersAndSpaces() {
    // kitten -> sitting: k→s, e→i, +g
    assertEquals(new EditOps(4, 2, 0, 1), ErrorRate.charOps("kitten", "sitting"));
    assertEquals(0.5, ErrorRate.cer("kitten", "sitting"));
    // "a b" -> "ab": the space is deleted, one error over three characters
    assertEquals(new EditOps(2, 0, 1, 0), ErrorRate.charOps("a b", "ab"));
    assertEquals(1.0 / 3, ErrorRate.cer("a b", "ab"), 1e-12);
    assertEquals(1.0, ErrorRate.wer("a b", "ab")); // one substitution and one deletion over two words
  }

  @Test
  void equalCostAlignmentsPreferSubstitution() {
    // "a b" -> "b c" costs 2 either as S+S or as D(a) + match(b) + I(c); the documented choice is S+S.
    assertEquals(new EditOps(0, 2, 0, 0), ErrorRate.wordOps("a b", "b c"));
  }

  @Test
  void alignsAnyUnits() {
    assertEquals(new EditOps(2, 1, 1, 0), ErrorRate.align(List.of(1, 2, 3, 4), List.of(1, 9, 3)));
    assertEquals(new EditOps(0, 0, 0, 1), ErrorRate.align(List.of(), List.of("x")));
  }

  @Test
  void counterSumsErrorsAndReferenceLengths() {
    ErrorRate.Counter c = new ErrorRate.Counter()
        .add("a b c d", "a b c d")
        .add("e f", "x"); // S + D
    assertEquals(2, c.wordErrors());
    assertEquals(6, c.referenceWords());
    assertEquals(2.0 / 6, c.wer(), 1e-12); // not the mean of 0 and 1
    assertEquals(new EditOps(4, 1, 1, 0), c.wordOps());
    // chars: "a b c d" exact (7); "e f" -> "x": e→x, delete " " and "f" (3 errors / 3)
    assertEquals(3, c.charErrors());
    assertEquals(10, c.referenceChars());
    assertEquals(0.3, c.cer(), 1e-12);
    assertEquals(2, c.utterances());
    assertEquals(1, c.exactMatches());
    assertEquals("WER 33.33% (S 1, D 1, I 0 / 6 words), CER 30.00% (S 1, D 2, I 0 / 10 chars), 2 utterances",
        c.toString());
  }

  @Test
  void mergeEqualsAddingEverythingToOneCounter() {
    ErrorRate.Counter a = new ErrorRate.Counter().add("one two three", "one too three");
    ErrorRate.Counter b = new ErrorRate.Counter().add("four", "").add("", "five");
    ErrorRate.Counter all = new ErrorRate.Counter().add("one two three", "one too three").add("four", "")
        .add("", "five");
    a.merge(b);
    assertEquals(all.wordOps(), a.wordOps());
    assertEquals(all.charOps(), a.charOps());
    assertEquals(3, a.utterances());
    assertEquals(3, a.wordErrors()); // S + D + I
    assertEquals(4, a.referenceWords());
    assertEquals(0.75, a.wer(), 1e-12);
  }

  @Test
  void emptyCounterRatesAreZero() {
    ErrorRate.Counter c = new ErrorRate.Counter();
    assertEquals(0.0, c.wer());
    assertEquals(0.0, c.cer());
    assertEquals(0, c.utterances());
  }

  @Test
  void editOpsRejectNegativeCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EditOps(1, -1, 0, 0));
    assertEquals("edit_ops = 1/-1/0/0: counts must be >= 0", e.getMessage());
    assertEquals("2 errors / 6 (S 1, D 1, I 0)", new EditOps(4, 1, 1, 0).toString());
  }

  @Test
  void longInputsStayExact() {
    StringBuilder ref = new StringBuilder();
    StringBuilder hyp = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      ref.append("w").append(i % 7 == 0 ? "x" : "y").append(' ');
      hyp.append("w").append(i % 7 == 0 ? "z" : "y").append(' ');
    }
    EditOps ops = ErrorRate.wordOps(ref.toString(), hyp.toString());
    assertEquals(new EditOps(2000 - 286, 286, 0, 0), ops);
  }
}
