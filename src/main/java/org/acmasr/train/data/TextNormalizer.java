package org.acmasr.train.data;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a written transcript into the text the English model spells: only {@code a–z}, the apostrophe
 * and single spaces, no leading or trailing space. Deterministic, stateless and idempotent
 * ({@code normalize(normalize(s)).equals(normalize(s))}).
 *
 * <p>Rules, applied in this order:
 * <ol>
 *   <li>Apostrophe look-alikes {@code ’ ‘ ‛ ʼ ` ´ ′ ＇} become {@code '}; {@code ½ ¼ ¾} become one half,
 *       one quarter, three quarters (other fractions, after NFKD, are read as two numbers: ⅓ → one three).
 *   <li>Lower case ({@link Locale#ROOT}), then Unicode NFKD with combining marks removed
 *       ({@code é → e}, {@code ﬁ → fi}, {@code ² → 2}); {@code ß æ œ ø ł đ ð þ ı} become
 *       {@code ss ae oe o l d d th i}.
 *   <li>Numbers become words (American style, no "and": {@code 121 → one hundred twenty one}):
 *     <ul>
 *       <li>cardinals up to 999,999,999,999; a comma followed by exactly three digits is a thousands
 *           separator ({@code 1,000 → one thousand}); digit strings longer than 12 digits, or with a
 *           leading zero ({@code 007}), are read digit by digit;
 *       <li>decimals: the fraction digit by digit ({@code 3.14 → three point one four},
 *           {@code .5 → point five});
 *       <li>ordinals {@code st nd rd th}: {@code 1st → first}, {@code 22nd → twenty second};
 *       <li>a {@code -} or {@code −} directly before a number, at the start or after a space or an opening
 *           bracket or quote, is a minus sign ({@code -5 → minus five}); between digits it is a hyphen
 *           ({@code 10-20 → ten twenty});
 *       <li>currency before the number: {@code $ £ € ¥} → dollars, pounds, euros, yen, singular for
 *           exactly 1 ({@code $1 → one dollar}); two decimals are cents or pence
 *           ({@code $5.50 → five dollars fifty cents}); a following scale word moves the unit after it
 *           ({@code $2 million → two million dollars});
 *       <li>{@code %} after a number (optionally after one space) → percent;
 *       <li>plurals {@code s} or {@code 's} after a number: {@code 1990s → nineteen nineties},
 *           {@code 90s → nineties};
 *       <li><b>years</b>: a bare four-digit number (no sign, comma, decimals, currency, percent or
 *           ordinal) in 1010–1999 or 2010–2099 is read as a year ({@code nineteen ninety five},
 *           {@code ten sixty six}, {@code nineteen oh five}, {@code nineteen hundred},
 *           {@code twenty twenty four}; 2000–2009 stay cardinals, {@code two thousand five}) only when
 *           it is a decade plural ({@code 1990s}) or directly follows one of the words in, since, from,
 *           until, till, by, during, year, circa, before, after, between, or a month name, or follows a
 *           number just read as a year across "to", "and", "or", "through" or a dash
 *           ({@code from 1939 to 1945}). Otherwise it is a cardinal:
 *           {@code 1995 → one thousand nine hundred ninety five}, {@code in 1995 → in nineteen ninety five};
 *     </ul>
 *   <li>Symbols: {@code & → and}, {@code + → plus}, {@code @ → at}, {@code # → number},
 *       {@code % → percent}; a currency sign not before a number → its plural unit word.
 *   <li>Word separators become a space: white space and control characters, hyphens and all dashes,
 *       slashes, underscores, {@code , ; : ! ? " | ( ) [ ] { }}, other bracket and quote punctuation, and
 *       runs of two or more dots. A single dot is removed ({@code e.g. → eg}, {@code U.S. → us}).
 *   <li>Every other character outside a–z and the apostrophe is removed (including letters of other
 *       scripts).
 *   <li>An apostrophe is kept only between two letters ({@code don't} stays;
 *       {@code 'quoted' → quoted}, {@code students' → students}).
 *   <li>Runs of spaces collapse to one; the result is trimmed.
 * </ol>
 */
public final class TextNormalizer {
  private static final Pattern NUMBER = Pattern.compile(
      "(?<neg>(?<![^\\s(\\[{\"'])[-\u2212])?"
          + "(?<cur>[$\u00A3\u20AC\u00A5])?"
          + "(?:(?<int>\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.(?<frac>\\d+))?|\\.(?<bare>\\d+))"
          + "(?:(?<ord>st|nd|rd|th)(?!\\p{L})|(?<plural>'?s)(?!\\p{L}))?"
          + "(?<pct> ?%)?");
  private static final Pattern SCALE_AFTER = Pattern.compile("\\s+(thousand|million|billion|trillion)(?!\\p{L})");
  private static final Pattern BETWEEN_YEARS =
      Pattern.compile("\\s*(?:(?:to|and|or|through)\\s+|[-\u2010-\u2015/]\\s*)");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Set<String> YEAR_CONTEXT = Set.of("in", "since", "from", "until", "till", "by", "during",
      "year", "circa", "before", "after", "between", "january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december");

  private TextNormalizer() {}

  /** Normalises {@code text} by the rules above; the result may be empty. */
  public static String normalize(String text) {
    Objects.requireNonNull(text, "text");
    String s = preMap(text).toLowerCase(Locale.ROOT);
    s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("");
    s = numbersToWords(s);
    s = filter(s);
    return apostrophesAndSpaces(s);
  }

  private static String preMap(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\u2019', '\u2018', '\u201B', '\u02BC', '`', '\u00B4', '\u2032', '\uFF07' -> sb.append('\'');
        case '\u00BD' -> sb.append(" one half ");
        case '\u00BC' -> sb.append(" one quarter ");
        case '\u00BE' -> sb.append(" three quarters ");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String numbersToWords(String s) {
    Matcher m = NUMBER.matcher(s);
    if (!m.find()) return s;
    StringBuilder out = new StringBuilder(s.length() + 32);
    int pos = 0;
    int lastYearEnd = -1;
    do {
      out.append(s, pos, m.start());
      int end = m.end();
      boolean yearContext = YEAR_CONTEXT.contains(previousWord(s, m.start()))
          || (lastYearEnd >= 0 && BETWEEN_YEARS.matcher(s.substring(lastYearEnd, m.start())).matches());
      NumberText n = NumberText.of(m, yearContext);
      String scale = null;
      if (n.currency() != null) {
        Matcher sm = SCALE_AFTER.matcher(s).region(end, s.length());
        if (sm.lookingAt()) {
          scale = sm.group(1);
          end = sm.end();
        }
      }
      out.append(' ').append(n.words(scale)).append(' ');
      lastYearEnd = n.year() ? end : -1;
      pos = end;
    } while (m.find(pos));
    out.append(s, pos, s.length());
    return out.toString();
  }

  /** The letters of the word ending just before the white space before {@code at}, or "". */
  private static String previousWord(String s, int at) {
    int i = at - 1;
    if (i < 0 || !Character.isWhitespace(s.charAt(i))) return "";
    while (i >= 0 && Character.isWhitespace(s.charAt(i))) i--;
    int end = i + 1;
    while (i >= 0 && Character.isLetter(s.charAt(i))) i--;
    return s.substring(i + 1, end);
  }

  private static String filter(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || c == '\'') {
        sb.append(c);
        continue;
      }
      String replacement = switch (c) {
        case '&' -> " and ";
        case '+' -> " plus ";
        case '@' -> " at ";
        case '#' -> " number ";
        case '%' -> " percent ";
        case '$' -> " dollars ";
        case '\u00A3' -> " pounds ";
        case '\u20AC' -> " euros ";
        case '\u00A5' -> " yen ";
        case '\u00DF' -> "ss";
        case '\u00E6' -> "ae";
        case '\u0153' -> "oe";
        case '\u00F8' -> "o";
        case '\u0142' -> "l";
        case '\u0111', '\u00F0' -> "d";
        case '\u00FE' -> "th";
        case '\u0131' -> "i";
        case '.' -> (i > 0 && s.charAt(i - 1) == '.') || (i + 1 < s.length() && s.charAt(i + 1) == '.') ? " " : "";
        default -> isSeparator(c) ? " " : "";
      };
      sb.append(replacement);
    }
    return sb.toString();
  }

  private static boolean isSeparator(char c) {
    if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) return true;
    switch (c) {
      case '/', '\\', '\u2044', '\u2215', '\u2212', ',', ';', ':', '!', '?', '"', '|':
        return true;
      default:
        break;
    }
    return switch (Character.getType(c)) {
      case Character.DASH_PUNCTUATION, Character.CONNECTOR_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION -> true;
      default -> false;
    };
  }

  /** Keeps an apostrophe only between letters; collapses and trims spaces. Input holds only a–z, ' and space. */
  private static String apostrophesAndSpaces(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') sb.append(' ');
      } else if (c == '\'') {
        boolean letterBefore = sb.length() > 0 && sb.charAt(sb.length() - 1) != ' '
            && sb.charAt(sb.length() - 1) != '\'';
        boolean letterAfter = i + 1 < s.length() && s.charAt(i + 1) >= 'a' && s.charAt(i + 1) <= 'z';
        if (letterBefore && letterAfter) sb.append(c);
      } else {
        sb.append(c);
      }
    }
    int n = sb.length();
    if (n > 0 && sb.charAt(n - 1) == ' ') sb.setLength(n - 1);
    return sb.toString();
  }

  /** One matched number and how to say it. */
  private record NumberText(boolean negative, String currency, String intDigits, boolean grouped, String frac,
      String ordinal, String plural, boolean percent, boolean year) {

    static NumberText of(Matcher m, boolean yearContext) {
      String intGroup = m.group("int");
      String digits = intGroup == null ? "" : intGroup.replace(",", "");
      String frac = m.group("frac") != null ? m.group("frac") : m.group("bare");
      boolean negative = m.group("neg") != null;
      String cur = m.group("cur");
      String ord = m.group("ord");
      String plural = m.group("plural");
      boolean pct = m.group("pct") != null;
      boolean grouped = intGroup != null && intGroup.indexOf(',') >= 0;
      boolean year = !negative && cur == null && frac == null && ord == null && !pct && !grouped
          && digits.length() == 4 && digits.charAt(0) != '0' && NumberWords.isYearLike(Long.parseLong(digits))
          && (plural != null || yearContext);
      return new NumberText(negative, cur, digits, grouped, frac, ord, plural, pct, year);
    }

    boolean readAsDigits() {
      return intDigits.length() > 12 || (intDigits.length() > 1 && intDigits.charAt(0) == '0' && !grouped);
    }

    long value() {
      return readAsDigits() || intDigits.isEmpty() ? -1 : Long.parseLong(intDigits);
    }

    String integerWords() {
      if (intDigits.isEmpty()) return "";
      if (readAsDigits()) return NumberWords.digits(intDigits);
      long v = value();
      return year ? NumberWords.year((int) v) : NumberWords.cardinal(v);
    }

    String words(String scale) {
      String w = integerWords();
      if (frac == null) {
        if (ordinal != null && !w.isEmpty()) w = NumberWords.ordinal(w);
        else if (plural != null && !w.isEmpty()) w = NumberWords.plural(w);
      }
      String number = join(w, frac == null ? "" : "point " + NumberWords.digits(frac));
      if (currency != null) number = withCurrency(number, w, scale);
      if (negative) number = "minus " + number;
      if (percent) number = number + " percent";
      return number;
    }

    private String withCurrency(String number, String intWords, String scale) {
      String[] unit = switch (currency) {
        case "$" -> new String[] {"dollar", "dollars", "cent", "cents"};
        case "\u00A3" -> new String[] {"pound", "pounds", "penny", "pence"};
        case "\u20AC" -> new String[] {"euro", "euros", "cent", "cents"};
        default -> new String[] {"yen", "yen", null, null};
      };
      if (scale != null) return number + " " + scale + " " + unit[1];
      long v = intDigits.isEmpty() ? 0 : value();
      if (frac != null && frac.length() == 2 && unit[2] != null && v >= 0) {
        int sub = Integer.parseInt(frac);
        String whole = intWords.isEmpty() ? "zero" : intWords;
        String main = v > 0 || sub == 0 ? whole + " " + (v == 1 ? unit[0] : unit[1]) : "";
        String cents = sub > 0 ? NumberWords.cardinal(sub) + " " + (sub == 1 ? unit[2] : unit[3]) : "";
        return join(main, cents);
      }
      boolean one = v == 1 && frac == null;
      return number + " " + (one ? unit[0] : unit[1]);
    }

    private static String join(String a, String b) {
      if (a.isEmpty()) return b;
      if (b.isEmpty()) return a;
      return a + " " + b;
    }
  }
}
