package org.acmasr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArpaReaderTest {
  private static final double LN10 = Math.log(10);

  /** A trigram LM written by hand; the expected scores below follow the ARPA back-off rule by hand. */
  static final String ARPA = String.join("\n",
      "some tool's banner is ignored",
      "\\data\\",
      "ngram 1=6",
      "ngram 2=4",
      "ngram 3=1",
      "",
      "\\1-grams:",
      "-1.0\t<unk>",
      "-99\t<s>\t-0.30103",
      "-0.69897\t</s>",
      "-0.39794\tthe\t-0.2",
      "-0.52288\tcat\t-0.1",
      "-1.5 dog",
      "",
      "\\2-grams:",
      "-0.15\t<s> the\t-0.05",
      "-0.3\tthe cat",
      "-0.2\tcat </s>",
      "-0.4 the dog",
      "",
      "\\3-grams:",
      "-0.05\t<s> the cat",
      "",
      "\\end\\",
      "");

  static WordNgramLm lm() throws IOException {
    return new WordNgramLm(read(ARPA));
  }

  private static WordNgrams read(String text) throws IOException {
    return ArpaReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "hand.arpa");
  }

  @Test
  void readsSectionsProbabilitiesAndBackoffs() throws IOException {
    WordNgrams g = read(ARPA);
    assertEquals(3, g.order());
    assertEquals(6, g.count(1));
    assertEquals(4, g.count(2));
    assertEquals(1, g.count(3));
    assertEquals("dog", g.vocab().get(5));
    assertEquals(-0.39794f, g.log10Prob(1, 3));
    assertEquals(-0.2f, g.log10Backoff(1, 3));
    assertEquals(0f, g.log10Backoff(1, 2)); // </s>: no back-off given
    assertEquals(-0.05f, g.log10Backoff(2, 0));
    assertEquals("<s> the cat", g.vocab().get(g.word(3, 0, 0)) + " " + g.vocab().get(g.word(3, 0, 1)) + " "
        + g.vocab().get(g.word(3, 0, 2)));
  }

  @Test
  void scoresFollowTheBackoffRuleByHand() throws IOException {
    WordNgramLm lm = lm();
    long s = lm.start();
    int the = lm.id("the");
    int cat = lm.id("cat");
    int dog = lm.id("dog");
    assertEquals(-0.15 * LN10, lm.score(s, the), 1e-5); // stored bigram <s> the
    assertEquals((-0.30103 - 0.52288) * LN10, lm.score(s, cat), 1e-5); // bo(<s>) + p(cat)
    long sThe = lm.next(s, the);
    assertEquals(-0.05 * LN10, lm.score(sThe, cat), 1e-5); // stored trigram
    // <s> the dog: no trigram -> bo(<s> the) + p(dog | the), a stored bigram
    assertEquals((-0.05 - 0.4) * LN10, lm.score(sThe, dog), 1e-5);
    // <s> the </s>: bo(<s> the) + bo(the) + p(</s>)
    assertEquals((-0.05 - 0.2 - 0.69897) * LN10, lm.score(sThe, lm.eos()), 1e-5);
    long theCat = lm.next(sThe, cat);
    assertEquals(-0.2 * LN10, lm.score(theCat, lm.eos()), 1e-5); // history trimmed to "the cat", bigram cat </s>
    // an unknown word is <unk>: bo(the cat)=none, bo(cat) + p(<unk>)
    assertEquals(lm.id("<unk>"), lm.id("zebra"));
    assertEquals((-0.1 - 1.0) * LN10, lm.score(theCat, lm.id("zebra")), 1e-5);
  }

  @Test
  void writerRoundTripsTheSameModel() throws IOException {
    WordNgrams g = read(ARPA);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArpaWriter.write(out, g);
    WordNgrams back = read(out.toString(StandardCharsets.UTF_8));
    assertEquals(g.vocab(), back.vocab());
    for (int n = 1; n <= 3; n++) {
      assertEquals(g.count(n), back.count(n));
      for (int i = 0; i < g.count(n); i++) {
        assertEquals(g.log10Prob(n, i), back.log10Prob(n, i));
        assertEquals(g.log10Backoff(n, i), back.log10Backoff(n, i));
      }
    }
  }

  @Test
  void malformedFilesNameTheLine() {
    ArpaFormatException e = assertThrows(ArpaFormatException.class, () -> read(ARPA.replace("-0.3\tthe cat",
        "-0.3\tthe cow")));
    assertTrue(e.getMessage().startsWith("hand.arpa:17: "), e.getMessage());
    assertTrue(e.getMessage().contains("'cow'"), e.getMessage());
    e = assertThrows(ArpaFormatException.class, () -> read(ARPA.replace("ngram 2=4", "ngram 2=5")));
    assertTrue(e.getMessage().contains("holds 4 n-grams, \\data\\ announced 5"), e.getMessage());
    e = assertThrows(ArpaFormatException.class, () -> read(ARPA.replace("-1.5 dog", "x dog")));
    assertTrue(e.getMessage().contains("hand.arpa:13: log10 probability 'x' is not a number"), e.getMessage());
    e = assertThrows(ArpaFormatException.class, () -> read("no data here\n"));
    assertTrue(e.getMessage().contains("not an ARPA file"), e.getMessage());
    e = assertThrows(ArpaFormatException.class, () -> read(ARPA.replace("\\end\\", "")));
    assertTrue(e.getMessage().contains("expected \\end\\"), e.getMessage());
  }
}
