package org.acmasr.train.lm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.acmasr.decode.WordNgrams;

/**
 * Builds a word LM from text files (one normalised sentence a line) plus in-memory sentences (a
 * corpus's train transcripts), streaming each file twice (vocabulary, then n-grams) and dropping every
 * line that overlaps a held-out sentence, with a progress bar on {@code progress}.
 */
public final class WordLmTraining {
  /** What the build read, removed and made. */
  public record Report(long lines, long removed, long words, long unknownWords, int vocab, long ngrams, double seconds,
      long heapBytes) {}

  /** The model and its report. */
  public record Result(WordNgrams lm, Report report) {}

  private final List<Path> files;
  private final List<String> extra;
  private final HeldOutFilter filter;
  private final PrintStream progress;
  private long lines;
  private long removed;

  public WordLmTraining(List<Path> files, List<String> extra, HeldOutFilter filter, PrintStream progress) {
    this.files = List.copyOf(files);
    this.extra = List.copyOf(extra);
    this.filter = filter;
    this.progress = progress;
  }

  /** Runs both passes and the estimate. */
  public Result build(WordLmOptions options) throws IOException {
    long t0 = System.nanoTime();
    WordKneserNeyBuilder b = new WordKneserNeyBuilder(options);
    forEachLine("pass 1/2 vocabulary", b::countWords);
    long kept = lines - removed;
    long dropped = removed;
    b.fixVocabulary();
    forEachLine("pass 2/2 n-grams", b::addSentence);
    progress.printf(Locale.ROOT, "estimating modified Kneser-Ney from %,d distinct n-grams...%n", b.distinctNgrams());
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    WordNgrams lm = b.build();
    heap = Math.max(heap, rt.totalMemory() - rt.freeMemory());
    return new Result(lm, new Report(kept + dropped, dropped, b.words(), b.unknownWords(), lm.count(1), lm.total(),
        (System.nanoTime() - t0) / 1e9, heap));
  }

  /** Feeds every kept line of the files and the extra sentences to {@code sink}. */
  private void forEachLine(String label, Consumer<String> sink) throws IOException {
    lines = 0;
    removed = 0;
    long total = extra.size();
    for (Path f : files) total += Files.size(f);
    long done = 0;
    long start = System.nanoTime();
    long lastDraw = 0;
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          accept(line, sink);
          done += line.length() + 1;
          if ((lines & 0xFFF) == 0 && System.nanoTime() - lastDraw > 500_000_000L) {
            lastDraw = System.nanoTime();
            draw(label, done, total, start);
          }
        }
      }
    }
    for (String s : extra) {
      accept(s, sink);
      done++;
    }
    draw(label, total, total, start);
    progress.println();
  }

  private void accept(String line, Consumer<String> sink) {
    if (line.isBlank()) return;
    lines++;
    if (filter.overlaps(line)) {
      removed++;
    } else {
      sink.accept(line);
    }
  }

  private void draw(String label, long done, long total, long start) {
    int width = 30;
    int filled = (int) (width * Math.min(done, total) / Math.max(1, total));
    double secs = (System.nanoTime() - start) / 1e9;
    progress.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %,d lines %.0f s", label, "#".repeat(filled), " ".repeat(width - filled),
        100 * Math.min(done, total) / Math.max(1, total), lines, secs);
    progress.flush();
  }
}
