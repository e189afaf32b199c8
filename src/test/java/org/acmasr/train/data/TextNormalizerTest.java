package org.acmasr.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextNormalizerTest {
  /** Non-empty output: words of a–z and inner apostrophes separated by single spaces. */
  private static final Pattern ALLOWED = Pattern.compile("[a-z]+(?:'[a-z]+)*(?: [a-z]+(?:'[a-z]+)*)*");

  static Stream<Arguments> cases() {
    return Stream.of(
        // corpus punctuation: . , - " ; : ! ? ( ) and upper case
        Arguments.of("All circuits are busy now.", "all circuits are busy now"),
        Arguments.of("Here, again, if the practice", "here again if the practice"),
        Arguments.of("the \"forty-two line Bible\" of about", "the forty two line bible of about"),
        Arguments.of("were induced to cut punches; for a series:", "were induced to cut punches for a series"),
        Arguments.of("Stop! Who goes there? (Nobody.)", "stop who goes there nobody"),
        Arguments.of("a polite \"don't call\" menu.", "a polite don't call menu"),
        Arguments.of("\"Hello,\"she said;(yes):no!why?", "hello she said yes no why"),
        // apostrophes
        Arguments.of("'Quoted' students' rock 'n' roll", "quoted students rock n roll"),
        Arguments.of("Don’t ‘curly’ it`s O´Neil ʼtwas", "don't curly it's o'neil twas"),
        Arguments.of("don''t", "don't"),
        // letters
        Arguments.of("Café NAÏVE Ærø straße ﬁne", "cafe naive aero strasse fine"),
        Arguments.of("Привет world", "world"),
        // separators and removed characters
        Arguments.of("a_b/c\\d — e–f", "a b c d e f"),
        Arguments.of("e.g. U.S.A.", "eg usa"),
        Arguments.of("wait...what… now", "wait what now"),
        Arguments.of("  many   spaces\tand\r\nlines  ", "many spaces and lines"),
        Arguments.of("stars * and = signs ~", "stars and signs"),
        // cardinals
        Arguments.of("1995", "one thousand nine hundred ninety five"),
        Arguments.of("0 7 13 20 21 100 101 110", "zero seven thirteen twenty twenty one one hundred one hundred one"
            + " one hundred ten"),
        Arguments.of("1,000 and 12,345,678", "one thousand and twelve million three hundred forty five thousand six"
            + " hundred seventy eight"),
        Arguments.of("999999999", "nine hundred ninety nine million nine hundred ninety nine thousand nine hundred"
            + " ninety nine"),
        Arguments.of("1000000001", "one billion one"),
        Arguments.of("007 1234567890123", "zero zero seven one two three four five six seven eight nine zero one two"
            + " three"),
        Arguments.of("1,2,3", "one two three"),
        // decimals, negatives, hyphen ranges
        Arguments.of("3.5 and 3.14 and .5", "three point five and three point one four and point five"),
        Arguments.of("-5 degrees, (-2.5) and −1", "minus five degrees minus two point five and minus one"),
        Arguments.of("pages 10-20, covid-19", "pages ten twenty covid nineteen"),
        // ordinals and plurals
        Arguments.of("1st 2nd 3rd 4th 11th 12th 13th", "first second third fourth eleventh twelfth thirteenth"),
        Arguments.of("22nd 101st 1,000th 40th", "twenty second one hundred first one thousandth fortieth"),
        Arguments.of("the 90s, the 1900s and the 6s", "the nineties the nineteen hundreds and the sixes"),
        // years
        Arguments.of("In 1995 it was 1995 people", "in nineteen ninety five it was one thousand nine hundred ninety five"
            + " people"),
        Arguments.of("since 1905, by 1900, during 2024, in 2005", "since nineteen oh five by nineteen hundred during"
            + " twenty twenty four in two thousand five"),
        Arguments.of("from 1939 to 1945, in 1914-1918", "from nineteen thirty nine to nineteen forty five in nineteen"
            + " fourteen nineteen eighteen"),
        Arguments.of("May 1066; the 1990's", "may ten sixty six the nineteen nineties"),
        Arguments.of("in 1,995 and in 3000", "in one thousand nine hundred ninety five and in three thousand"),
        // currency and symbols
        Arguments.of("$5 $1 $5.50 $0.99 $.50", "five dollars one dollar five dollars fifty cents ninety nine cents"
            + " fifty cents"),
        Arguments.of("£1.01 €3 ¥100 $2.5", "one pound one penny three euros one hundred yen two point five dollars"),
        Arguments.of("$2 million and -$3", "two million dollars and minus three dollars"),
        Arguments.of("50% or 5 % of it %", "fifty percent or five percent of it percent"),
        Arguments.of("R&D + C++ @home #1", "r and d plus c plus plus at home number one"),
        Arguments.of("mp3 4x4 x²", "mp three four x four x two"),
        Arguments.of("½ cup, ¾ done", "one half cup three quarters done"),
        // nothing left
        Arguments.of("?!... -- \"\" ()", ""),
        Arguments.of("", ""));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void normalises(String in, String expected) {
    assertEquals(expected, TextNormalizer.normalize(in));
  }

  @Test
  void everyValidatedSentenceOfTheCorpusBecomesAllowedNonEmptyStableText() throws IOException {
    List<String> lines = Files.readAllLines(TestData.corpus().resolve("validated.tsv"), StandardCharsets.UTF_8);
    int col = List.of(lines.get(0).split("\t", -1)).indexOf("sentence");
    assertTrue(col >= 0, "validated.tsv has a sentence column");
    List<String> bad = new ArrayList<>();
    int checked = 0;
    for (String line : lines.subList(1, lines.size())) {
      String sentence = line.split("\t", -1)[col];
      String n = TextNormalizer.normalize(sentence);
      checked++;
      if (!ALLOWED.matcher(n).matches() || !n.equals(TextNormalizer.normalize(n))) {
        bad.add(sentence + " => [" + n + "]");
      }
    }
    assertEquals(lines.size() - 1, checked);
    assertTrue(checked > 4000, "checked " + checked);
    assertEquals(List.of(), bad);
  }

  @Test
  void randomUnicodeGivesOnlyAllowedCharactersAndIsIdempotent() {
    Random rnd = new Random(42);
    String pool = "aZ9 0,.-'\"’`´$£€¥%&+@#_/\\()!?;:éßæ²½\t\r\n\u00A0\u2014\u2212ж中";
    for (int t = 0; t < 2000; t++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(30);
      for (int i = 0; i < len; i++) {
        sb.append(rnd.nextInt(8) == 0 ? (char) rnd.nextInt(0x3000) : pool.charAt(rnd.nextInt(pool.length())));
      }
      String n = TextNormalizer.normalize(sb.toString());
      assertTrue(n.isEmpty() || ALLOWED.matcher(n).matches(), () -> "[" + sb + "] => [" + n + "]");
      assertEquals(n, TextNormalizer.normalize(n), () -> "not idempotent for [" + sb + "]");
    }
  }

  @Test
  void numberWordsHelpers() {
    assertEquals("nine hundred ninety nine billion nine hundred ninety nine million nine hundred ninety nine"
        + " thousand nine hundred ninety nine", NumberWords.cardinal(NumberWords.MAX_CARDINAL));
    assertThrows(IllegalArgumentException.class, () -> NumberWords.cardinal(NumberWords.MAX_CARDINAL + 1));
    assertEquals("twentieth", NumberWords.ordinal("twenty"));
    assertEquals("one hundred fifth", NumberWords.ordinal("one hundred five"));
    assertEquals("two thousand nine", NumberWords.year(2009));
    assertEquals("twenty ten", NumberWords.year(2010));
    assertFalse(NumberWords.isYearLike(1009));
  }

  @Test
  void nullIsRejected() {
    assertThrows(NullPointerException.class, () -> TextNormalizer.normalize(null));
  }
}
