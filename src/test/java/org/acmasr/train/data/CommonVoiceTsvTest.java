package org.acmasr.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommonVoiceTsvTest {
  @TempDir
  Path dir;
  Path clips;

  /** Lines 2..13 of the fixture TSV (the header is line 1). */
  private static final List<String> ROWS = List.of(
      Fixtures.row("c1", Fixtures.CLIP_A, "Activated."), // 2 kept
      Fixtures.row("c2", Fixtures.CLIP_B, "zero"), // 3 kept
      Fixtures.row("c3", Fixtures.BROKEN, "Broken clip."), // 4 kept: the reader does not decode audio
      Fixtures.row("c4", "missing.mp3", "Not there."), // 5 missing clip
      "c5\t" + Fixtures.CLIP_A + "\tsid\ttoo few fields", // 6 wrong field count
      Fixtures.row("c6", " ", "No path."), // 7 empty path
      Fixtures.row("c7", Fixtures.CLIP_A, "   "), // 8 empty sentence
      Fixtures.row("c8", Fixtures.CLIP_B, "?!... -- ()"), // 9 empty text
      "", // 10 blank line
      Fixtures.row("c9", Fixtures.CLIP_A, "She said \"stop \"\"now\"\"\"; (then) left!"), // 11 kept, quotes literal
      Fixtures.row("c10", "missing-too.mp3", "Gone."), // 12 missing clip
      Fixtures.row("c11", Fixtures.CLIP_B, "too many") + "\textra"); // 13 wrong field count

  @BeforeEach
  void corpus() throws IOException {
    clips = Fixtures.clips(dir);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static String lf(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  private static List<String> withHeader(List<String> rows) {
    return Stream.concat(Stream.of(Fixtures.HEADER), rows.stream()).toList();
  }

  private static void assertFixtureReport(CorpusSplit s) {
    CorpusReport r = s.report();
    assertEquals(4, r.kept());
    assertEquals(Map.of(SkipReason.WRONG_FIELD_COUNT, 2, SkipReason.BLANK_LINE, 1, SkipReason.EMPTY_PATH, 1,
        SkipReason.EMPTY_SENTENCE, 1, SkipReason.MISSING_CLIP, 2, SkipReason.EMPTY_TEXT, 1), r.skipped());
    assertEquals(List.of(6, 13), r.exampleLines().get(SkipReason.WRONG_FIELD_COUNT));
    assertEquals(List.of(10), r.exampleLines().get(SkipReason.BLANK_LINE));
    assertEquals(List.of(7), r.exampleLines().get(SkipReason.EMPTY_PATH));
    assertEquals(List.of(8), r.exampleLines().get(SkipReason.EMPTY_SENTENCE));
    assertEquals(List.of(5, 12), r.exampleLines().get(SkipReason.MISSING_CLIP));
    assertEquals(List.of(9), r.exampleLines().get(SkipReason.EMPTY_TEXT));
    assertEquals(8, r.totalSkipped());
    assertEquals(12, r.linesSeen());
  }

  @Test
  void keepsGoodRowsAndCountsEachSkipReasonWithLineNumbers() throws IOException {
    write("train.tsv", lf(withHeader(ROWS)));
    CorpusSplit s = CommonVoiceTsv.read(dir, "train");
    assertFixtureReport(s);
    List<CorpusRow> rows = s.rows();
    assertEquals(new CorpusRow(clips.resolve(Fixtures.CLIP_A), "Activated.", "activated", "c1"), rows.get(0));
    assertEquals(new CorpusRow(clips.resolve(Fixtures.CLIP_B), "zero", "zero", "c2"), rows.get(1));
    assertEquals(clips.resolve(Fixtures.BROKEN), rows.get(2).clip());
    assertEquals("She said \"stop \"\"now\"\"\"; (then) left!", rows.get(3).sentence());
    assertEquals("she said stop now then left", rows.get(3).text());
    assertEquals("c9", rows.get(3).clientId());
  }

  @Test
  void bomAndCrlfReadLikePlainLf() throws IOException {
    write("dev.tsv", "\uFEFF" + String.join("\r\n", withHeader(ROWS)) + "\r\n");
    CorpusSplit s = CommonVoiceTsv.read(dir, "dev");
    assertFixtureReport(s);
    assertEquals("c1", s.rows().get(0).clientId(), "the BOM must not hide the client_id column");
    assertEquals("Activated.", s.rows().get(0).sentence(), "no CR left at the end of a field");
    assertEquals(Fixtures.CLIP_A, s.rows().get(0).clip().getFileName().toString());
  }

  @Test
  void columnsAreFoundByNameInAnyOrderAndClientIdIsOptional() throws IOException {
    write("other.tsv", "sentence\textra\tpath\n" + "Call waiting.\tx\t" + Fixtures.CLIP_A + "\n"
        + "last line without newline\ty\t" + Fixtures.CLIP_B);
    CorpusSplit s = CommonVoiceTsv.read(dir, "other");
    assertEquals(List.of(new CorpusRow(clips.resolve(Fixtures.CLIP_A), "Call waiting.", "call waiting", ""),
        new CorpusRow(clips.resolve(Fixtures.CLIP_B), "last line without newline", "last line without newline", "")),
        s.rows());
    assertEquals(0, s.report().totalSkipped());
  }

  @Test
  void aStrayCarriageReturnInsideALineStaysInItsField() throws IOException {
    write("t.tsv", Fixtures.HEADER + "\r\n" + Fixtures.row("c", Fixtures.CLIP_A, "one\rtwo") + "\r\n");
    assertOneRow(CommonVoiceTsv.read(dir, "t"), "one\rtwo", "one two");
  }

  @Test
  void malformedUtf8IsReplacedNotFatal() throws IOException {
    byte[] head = (Fixtures.HEADER + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] row = (Fixtures.row("c", Fixtures.CLIP_A, "caf\u0000 ok") + "\n").getBytes(StandardCharsets.UTF_8);
    int at = new String(row, StandardCharsets.UTF_8).indexOf('\u0000');
    row[at] = (byte) 0xC3; // a lead byte with no continuation
    byte[] all = new byte[head.length + row.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(row, 0, all, head.length, row.length);
    Files.write(dir.resolve("bad.tsv"), all);
    assertOneRow(CommonVoiceTsv.read(dir, "bad"), "caf\uFFFD ok", "caf ok");
  }

  @Test
  void readFileResolvesClipsBesideTheTsv() throws IOException {
    Path tsv = write("custom-list.tsv", lf(withHeader(ROWS)));
    CorpusSplit s = CommonVoiceTsv.readFile(tsv);
    assertFixtureReport(s);
    assertEquals(clips.resolve(Fixtures.CLIP_A).toAbsolutePath(), s.rows().get(0).clip().toAbsolutePath());
    assertEquals(tsv, s.report().source());
  }

  @Test
  void missingRequiredColumnNamesColumnAndFile() throws IOException {
    write("nosent.tsv", "client_id\tpath\ttext\nc\t" + Fixtures.CLIP_A + "\thello\n");
    IOException e = assertThrows(IOException.class, () -> CommonVoiceTsv.read(dir, "nosent"));
    assertTrue(e.getMessage().contains("nosent.tsv"), e.getMessage());
    assertTrue(e.getMessage().contains("no sentence column"), e.getMessage());

    write("neither.tsv", "a\tb\n1\t2\n");
    IOException e2 = assertThrows(IOException.class, () -> CommonVoiceTsv.read(dir, "neither"));
    assertTrue(e2.getMessage().contains("no path or sentence column"), e2.getMessage());
  }

  @Test
  void missingEmptyOrHeaderlessFileThrows() throws IOException {
    NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> CommonVoiceTsv.read(dir, "test"));
    assertTrue(missing.getMessage().contains("test.tsv"), missing.getMessage());
    write("empty.tsv", "");
    IOException empty = assertThrows(IOException.class, () -> CommonVoiceTsv.read(dir, "empty"));
    assertTrue(empty.getMessage().contains("empty file"), empty.getMessage());
    write("blankhead.tsv", "\n" + Fixtures.row("c", Fixtures.CLIP_A, "x") + "\n");
    IOException blank = assertThrows(IOException.class, () -> CommonVoiceTsv.read(dir, "blankhead"));
    assertTrue(blank.getMessage().contains("header line is empty"), blank.getMessage());
    assertThrows(NoSuchFileException.class, () -> CommonVoiceTsv.readFile(dir.resolve("clips")));
  }

  @Test
  void splitNameMustBeAPlainName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommonVoiceTsv.read(dir, "../train"));
    assertEquals("corpus.split = ../train: must be a plain file name without extension, e.g. train, dev, test or"
        + " validated", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CommonVoiceTsv.read(dir, ""));
  }

  @Test
  void reportSummaryHasOneLinePerReason() throws IOException {
    write("train.tsv", lf(withHeader(ROWS)));
    String text = CommonVoiceTsv.read(dir, "train").report().toString();
    assertEquals("train.tsv: 4 rows kept, 8 skipped\n"
        + "  wrong number of fields: 2 (lines 6, 13)\n"
        + "  blank line: 1 (line 10)\n"
        + "  empty path: 1 (line 7)\n"
        + "  empty sentence: 1 (line 8)\n"
        + "  clip file missing: 2 (lines 5, 12)\n"
        + "  empty after normalisation: 1 (line 9)", text);
  }

  @Test
  void reportKeepsOnlyTheFirstFewExampleLines() throws IOException {
    StringBuilder sb = new StringBuilder(Fixtures.HEADER).append('\n');
    for (int i = 0; i < 8; i++) sb.append(Fixtures.row("c", "gone" + i + ".mp3", "x")).append('\n');
    write("many.tsv", sb.toString());
    CorpusReport r = CommonVoiceTsv.read(dir, "many").report();
    assertEquals(8, r.skipped(SkipReason.MISSING_CLIP));
    assertEquals(List.of(2, 3, 4, 5, 6), r.exampleLines().get(SkipReason.MISSING_CLIP));
    assertTrue(r.toString().endsWith("clip file missing: 8 (lines 2, 3, 4, 5, 6, ...)"), r.toString());
  }

  @Test
  void realDevSplitReadsEveryDataLine() throws IOException {
    Path corpus = TestData.corpus();
    long dataLines = Files.readAllLines(corpus.resolve("dev.tsv"), StandardCharsets.UTF_8).size() - 1;
    assertEquals(365, dataLines);
    CorpusSplit s = CommonVoiceTsv.read(corpus, "dev");
    assertEquals(0, s.report().totalSkipped(), s.report().toString());
    assertEquals(dataLines, s.rows().size());
    assertEquals(365, s.report().kept());
    CorpusRow first = s.rows().get(0);
    assertEquals("asterisk_all-circuits-busy-now.mp3", first.clip().getFileName().toString());
    assertEquals("All circuits are busy now.", first.sentence());
    assertEquals("all circuits are busy now", first.text());
    assertEquals(64, first.clientId().length());
    assertEquals(s.rows(), CommonVoiceTsv.readFile(corpus.resolve("dev.tsv")).rows());
  }

  /** The split has one row, with this sentence as written and this normalised text. */
  private static void assertOneRow(CorpusSplit s, String sentence, String text) {
    assertEquals(1, s.rows().size());
    assertEquals(sentence, s.rows().get(0).sentence());
    assertEquals(text, s.rows().get(0).text());
  }
}
