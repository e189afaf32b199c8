package org.acmasr.train.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Mozilla Common Voice TSV files ({@code train.tsv}, {@code dev.tsv}, {@code validated.tsv}, ...).
 *
 * <p>Format: UTF-8 (a leading byte-order mark is ignored; malformed bytes become U+FFFD), lines ended
 * by LF or CRLF, fields separated by TAB only. Common Voice files are not quoted CSV: a {@code "} is an
 * ordinary character of its field. The first line is a header; columns are found by name, so their
 * order and any extra columns do not matter. {@code path} and {@code sentence} are required,
 * {@code client_id} is optional.
 *
 * <p>Reading is tolerant: a data line with the wrong number of fields, an empty path or sentence, a clip
 * that does not exist under {@code clips/}, or a sentence that normalises to nothing is skipped and
 * counted in the {@link CorpusReport}; bad rows never throw. Only an unreadable file or a missing or
 * unusable header raises an {@link IOException}.
 */
public final class CommonVoiceTsv {
  /** Name of the folder beside the TSV files that holds the audio. */
  public static final String CLIPS_DIR = "clips";

  private CommonVoiceTsv() {}

  /** The name a corpus is reported under: its folder's name (for a TSV file, the folder holding it). */
  public static String corpusName(Path data) {
    Path p = data.toAbsolutePath().normalize();
    if (p.getFileName() != null && p.getFileName().toString().endsWith(".tsv")) p = p.getParent();
    return p.getFileName() == null ? p.toString() : p.getFileName().toString();
  }

  /** Reads {@code <corpusDir>/<split>.tsv}, resolving clips against {@code <corpusDir>/clips}. */
  public static CorpusSplit read(Path corpusDir, String split) throws IOException {
    if (split == null || split.isBlank() || !split.matches("[A-Za-z0-9_.-]+") || split.startsWith(".")) {
      throw new IllegalArgumentException("corpus.split = " + split
          + ": must be a plain file name without extension, e.g. train, dev, test or validated");
    }
    return read(corpusDir.resolve(split + ".tsv"), corpusDir.resolve(CLIPS_DIR));
  }

  /**
   * Reads {@code data}: a Common Voice folder (then {@code split} names its TSV) or a single TSV file
   * (then {@code split} is ignored).
   */
  public static CorpusSplit open(Path data, String split) throws IOException {
    return Files.isDirectory(data) ? read(data, split) : readFile(data);
  }

  /** Reads one TSV file, resolving clips against {@code clips/} beside it. */
  public static CorpusSplit readFile(Path tsv) throws IOException {
    Path parent = tsv.getParent();
    return read(tsv, parent == null ? Path.of(CLIPS_DIR) : parent.resolve(CLIPS_DIR));
  }

  /** Reads {@code tsv}, resolving each row's {@code path} against {@code clipsDir}. */
  public static CorpusSplit read(Path tsv, Path clipsDir) throws IOException {
    if (!Files.isRegularFile(tsv)) {
      throw new NoSuchFileException(tsv.toString(), null, "corpus TSV file not found or not a regular file");
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(tsv), utf8), 1 << 16)) {
      LineReader lines = new LineReader(in);
      String header = lines.next();
      if (header == null) {
        throw new IOException(tsv + ": empty file, expected a header line naming the columns");
      }
      if (header.startsWith("\uFEFF")) header = header.substring(1);
      Columns cols = Columns.parse(header, tsv);
      return readRows(lines, cols, tsv, clipsDir);
    }
  }

  private static CorpusSplit readRows(LineReader lines, Columns cols, Path tsv, Path clipsDir) throws IOException {
    CorpusReport.Builder report = new CorpusReport.Builder(tsv);
    List<CorpusRow> rows = new ArrayList<>();
    int lineNo = 1;
    for (String line = lines.next(); line != null; line = lines.next()) {
      lineNo++;
      if (line.isBlank()) {
        report.skip(SkipReason.BLANK_LINE, lineNo);
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != cols.count()) {
        report.skip(SkipReason.WRONG_FIELD_COUNT, lineNo);
        continue;
      }
      String path = f[cols.path()].strip();
      String sentence = f[cols.sentence()];
      if (path.isEmpty()) {
        report.skip(SkipReason.EMPTY_PATH, lineNo);
        continue;
      }
      if (sentence.isBlank()) {
        report.skip(SkipReason.EMPTY_SENTENCE, lineNo);
        continue;
      }
      Path clip = resolve(clipsDir, path);
      if (clip == null || !Files.isRegularFile(clip)) {
        report.skip(SkipReason.MISSING_CLIP, lineNo);
        continue;
      }
      String text = TextNormalizer.normalize(sentence);
      if (text.isEmpty()) {
        report.skip(SkipReason.EMPTY_TEXT, lineNo);
        continue;
      }
      String client = cols.clientId() < 0 ? "" : f[cols.clientId()].strip();
      rows.add(new CorpusRow(clip, sentence, text, client));
      report.kept();
    }
    return new CorpusSplit(rows, report.build());
  }

  /** The clip path, or null where {@code path} is not a valid path on this file system. */
  private static Path resolve(Path clipsDir, String path) {
    try {
      return clipsDir.resolve(path);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** Positions of the columns this reader uses. */
  private record Columns(int count, int path, int sentence, int clientId) {
    static Columns parse(String header, Path tsv) throws IOException {
      if (header.isBlank()) {
        throw new IOException(tsv + ": the header line is empty, expected column names such as path and sentence");
      }
      String[] names = header.split("\t", -1);
      int path = -1;
      int sentence = -1;
      int client = -1;
      for (int i = names.length - 1; i >= 0; i--) { // first occurrence wins
        switch (names[i].strip()) {
          case "path" -> path = i;
          case "sentence" -> sentence = i;
          case "client_id" -> client = i;
          default -> { }
        }
      }
      List<String> missing = new ArrayList<>();
      if (path < 0) missing.add("path");
      if (sentence < 0) missing.add("sentence");
      if (!missing.isEmpty()) {
        throw new IOException(tsv + ": header has no " + String.join(" or ", missing)
            + " column (header: " + header.replace("\t", " | ") + ")");
      }
      return new Columns(names.length, path, sentence, client);
    }
  }

  /** Splits on LF only and drops one CR before it, so a stray CR inside a line stays in its field. */
  private static final class LineReader {
    private final BufferedReader in;
    private final StringBuilder sb = new StringBuilder(256);
    private boolean eof;

    LineReader(BufferedReader in) {
      this.in = in;
    }

    String next() throws IOException {
      if (eof) return null;
      sb.setLength(0);
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        sb.append((char) c);
      }
      if (c < 0) {
        eof = true;
        if (sb.length() == 0) return null;
      }
      int n = sb.length();
      if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
      return sb.toString();
    }
  }
}
