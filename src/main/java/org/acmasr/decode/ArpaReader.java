package org.acmasr.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a word n-gram language model in the ARPA format that KenLM, SRILM and IRSTLM write:
 * <pre>
 *   \data\
 *   ngram 1=COUNT ...
 *   \1-grams:
 *   LOG10P WORD [LOG10BACKOFF]
 *   \2-grams:
 *   LOG10P WORD WORD [LOG10BACKOFF]
 *   ...
 *   \end\
 * </pre>
 * Fields are separated by tabs or spaces; text before {@code \data\} is ignored; a {@code .gz} file is
 * decompressed. Every word of a higher-order n-gram must be a unigram, and each section must hold the
 * count its header announced. Errors name the file and line.
 */
public final class ArpaReader {
  private ArpaReader() {}

  public static WordNgrams read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      return read(in, file.toString());
    }
  }

  /** Reads from a stream (not closed); {@code source} names it in errors. */
  public static WordNgrams read(InputStream in, String source) throws IOException {
    return new Parser(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), source).parse();
  }

  private static final class Parser {
    private final BufferedReader r;
    private final String source;
    private long lineNo;

    Parser(BufferedReader r, String source) {
      this.r = r;
      this.source = source;
    }

    WordNgrams parse() throws IOException {
      String line;
      do {
        line = next();
        if (line == null) throw error("no \\data\\ section: not an ARPA file");
      } while (!line.trim().equals("\\data\\"));
      List<Integer> counts = new ArrayList<>();
      while ((line = next()) != null && !line.isBlank()) {
        String t = line.trim();
        if (!t.startsWith("ngram ")) throw error("expected 'ngram N=COUNT' in \\data\\, got '" + t + "'");
        String[] kv = t.substring(6).split("=");
        int n = parseInt(kv.length == 2 ? kv[0].trim() : "", "n-gram order");
        int c = parseInt(kv.length == 2 ? kv[1].trim() : "", "n-gram count");
        if (n != counts.size() + 1) throw error("ngram " + n + " where ngram " + (counts.size() + 1) + " was expected");
        if (c < 0) throw error("negative n-gram count " + c);
        counts.add(c);
      }
      if (counts.isEmpty()) throw error("\\data\\ announces no n-grams");
      if (counts.size() > WordNgramLm.MAX_ORDER) {
        throw error("order " + counts.size() + " is above the supported " + WordNgramLm.MAX_ORDER);
      }
      int order = counts.size();
      int[][] ids = new int[order][];
      float[][] prob = new float[order][];
      float[][] backoff = new float[order][];
      List<String> vocab = new ArrayList<>(counts.get(0));
      Map<String, Integer> index = new HashMap<>(counts.get(0) * 2);
      for (int n = 1; n <= order; n++) {
        String header = nextNonBlank();
        if (header == null || !header.trim().equals("\\" + n + "-grams:")) {
          throw error("expected \\" + n + "-grams:, got " + (header == null ? "the end of the file" : "'" + header.trim() + "'"));
        }
        int count = counts.get(n - 1);
        ids[n - 1] = new int[count * n];
        prob[n - 1] = new float[count];
        backoff[n - 1] = new float[count];
        for (int i = 0; i < count; i++) {
          line = next();
          if (line == null || line.isBlank() || line.startsWith("\\")) {
            throw error("\\" + n + "-grams: holds " + i + " n-grams, \\data\\ announced " + count);
          }
          String[] f = line.trim().split("[ \t]+");
          if (f.length != n + 1 && f.length != n + 2) {
            throw error("a " + n + "-gram line needs " + (n + 1) + " or " + (n + 2) + " fields, got " + f.length);
          }
          prob[n - 1][i] = parseLog(f[0], "log10 probability");
          if (prob[n - 1][i] > 0) throw error("log10 probability " + f[0] + " is above 0");
          backoff[n - 1][i] = f.length == n + 2 ? parseLog(f[n + 1], "log10 back-off") : 0f;
          for (int j = 0; j < n; j++) {
            String w = f[1 + j];
            Integer id = index.get(w);
            if (n == 1) {
              if (id != null) throw error("unigram '" + w + "' occurs twice");
              id = vocab.size();
              vocab.add(w);
              index.put(w, id);
            } else if (id == null) {
              throw error("word '" + w + "' of a " + n + "-gram is not a unigram");
            }
            ids[n - 1][i * n + j] = id;
          }
        }
      }
      String end = nextNonBlank();
      if (end == null || !end.trim().equals("\\end\\")) {
        throw error("expected \\end\\ after the " + order + "-grams, got " + (end == null ? "the end of the file"
            : "'" + end.trim() + "'"));
      }
      try {
        return new WordNgrams(vocab, ids, prob, backoff);
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    private String next() throws IOException {
      String l = r.readLine();
      if (l != null) lineNo++;
      return l;
    }

    private String nextNonBlank() throws IOException {
      String l;
      do {
        l = next();
      } while (l != null && l.isBlank());
      return l;
    }

    private int parseInt(String s, String what) throws ArpaFormatException {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw error(what + " '" + s + "' is not an integer");
      }
    }

    private float parseLog(String s, String what) throws ArpaFormatException {
      try {
        float v = Float.parseFloat(s);
        if (v == Float.NEGATIVE_INFINITY || v < -99f) return -99f; // "-inf" and -99: log10 of 0, e.g. P(<s>)
        if (!Float.isFinite(v)) throw error(what + " '" + s + "' is not finite");
        return v;
      } catch (NumberFormatException e) {
        throw error(what + " '" + s + "' is not a number");
      }
    }

    private ArpaFormatException error(String message) {
      return new ArpaFormatException(source, lineNo, message);
    }
  }
}
