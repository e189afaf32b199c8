package org.acmasr.train.data;

/**
 * English number words for {@link TextNormalizer}: American style, no "and", no hyphens
 * ("one hundred twenty one"). Package-private; the rules are documented on {@link TextNormalizer}.
 */
final class NumberWords {
  /** Largest number read as a cardinal; longer digit strings are read digit by digit. */
  static final long MAX_CARDINAL = 999_999_999_999L;

  private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
      "nineteen"};
  private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
      "eighty", "ninety"};
  private static final long[] SCALES = {1_000_000_000L, 1_000_000L, 1_000L};
  private static final String[] SCALE_NAMES = {"billion", "million", "thousand"};

  private NumberWords() {}

  /** Cardinal words of {@code n} in [0, {@link #MAX_CARDINAL}]. */
  static String cardinal(long n) {
    if (n < 0 || n > MAX_CARDINAL) throw new IllegalArgumentException("number = " + n + ": out of range");
    if (n == 0) return "zero";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < SCALES.length; i++) {
      if (n >= SCALES[i]) {
        append(sb, below1000((int) (n / SCALES[i])));
        append(sb, SCALE_NAMES[i]);
        n %= SCALES[i];
      }
    }
    if (n > 0) append(sb, below1000((int) n));
    return sb.toString();
  }

  /** Each digit as a word: "007" → "zero zero seven". */
  static String digits(String ds) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ds.length(); i++) {
      append(sb, ONES[ds.charAt(i) - '0']);
    }
    return sb.toString();
  }

  /**
   * A year as spoken: 1010–1999 and 2010–2099 as two pairs ("nineteen ninety five", "nineteen oh five",
   * "nineteen hundred", "twenty twenty four"); anything else as a cardinal.
   */
  static String year(int y) {
    if (!isYearLike(y)) return cardinal(y);
    int hi = y / 100;
    int lo = y % 100;
    String head = below1000(hi);
    if (lo == 0) return head + " hundred";
    if (lo < 10) return head + " oh " + ONES[lo];
    return head + " " + below1000(lo);
  }

  /** Whether {@link #year} reads {@code y} as pairs. */
  static boolean isYearLike(long y) {
    return (y >= 1010 && y <= 1999) || (y >= 2010 && y <= 2099);
  }

  /** The ordinal of cardinal words: "twenty two" → "twenty second". */
  static String ordinal(String cardinalWords) {
    int sp = cardinalWords.lastIndexOf(' ');
    String head = cardinalWords.substring(0, sp + 1);
    String last = cardinalWords.substring(sp + 1);
    String ord = switch (last) {
      case "one" -> "first";
      case "two" -> "second";
      case "three" -> "third";
      case "five" -> "fifth";
      case "eight" -> "eighth";
      case "nine" -> "ninth";
      case "twelve" -> "twelfth";
      default -> last.endsWith("y") ? last.substring(0, last.length() - 1) + "ieth" : last + "th";
    };
    return head + ord;
  }

  /** The plural of the last word: "ninety" → "nineties", "six" → "sixes", "hundred" → "hundreds". */
  static String plural(String words) {
    if (words.endsWith("y")) return words.substring(0, words.length() - 1) + "ies";
    if (words.endsWith("x") || words.endsWith("s")) return words + "es";
    return words + "s";
  }

  private static String below1000(int n) {
    StringBuilder sb = new StringBuilder();
    if (n >= 100) {
      append(sb, ONES[n / 100]);
      append(sb, "hundred");
      n %= 100;
    }
    if (n >= 20) {
      append(sb, TENS[n / 10]);
      n %= 10;
      if (n > 0) append(sb, ONES[n]);
    } else if (n > 0 || sb.length() == 0) {
      append(sb, ONES[n]);
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String w) {
    if (sb.length() > 0) sb.append(' ');
    sb.append(w);
  }
}
