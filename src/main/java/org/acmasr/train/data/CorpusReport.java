package org.acmasr.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What reading one TSV kept and what it skipped, per {@link SkipReason}, with the first few offending
 * line numbers (1-based file lines; the header is line 1) of each reason.
 *
 * @param source       the TSV file read
 * @param kept         rows that became {@link CorpusRow}s
 * @param skipped      count per reason; every reason is present (0 where none)
 * @param exampleLines up to {@link #MAX_EXAMPLES} line numbers per reason, in file order; every reason present
 */
public record CorpusReport(Path source, int kept, Map<SkipReason, Integer> skipped,
    Map<SkipReason, List<Integer>> exampleLines) {
  /** Line numbers remembered per reason. */
  public static final int MAX_EXAMPLES = 5;

  public CorpusReport {
    Objects.requireNonNull(source, "source");
    EnumMap<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
    EnumMap<SkipReason, List<Integer>> examples = new EnumMap<>(SkipReason.class);
    for (SkipReason r : SkipReason.values()) {
      counts.put(r, skipped.getOrDefault(r, 0));
      examples.put(r, List.copyOf(exampleLines.getOrDefault(r, List.of())));
    }
    skipped = Collections.unmodifiableMap(counts);
    exampleLines = Collections.unmodifiableMap(examples);
  }

  /** Lines skipped for {@code reason}. */
  public int skipped(SkipReason reason) {
    return skipped.get(reason);
  }

  /** Lines skipped for any reason. */
  public int totalSkipped() {
    return skipped.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Data lines seen: kept plus skipped. */
  public int linesSeen() {
    return kept + totalSkipped();
  }

  /**
   * A summary line, then one line per reason that skipped anything, e.g.
   * {@code "  clip file missing: 2 (lines 4, 9)"}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(source.getFileName()).append(": ").append(kept).append(" rows kept, ").append(totalSkipped())
        .append(" skipped");
    for (SkipReason r : SkipReason.values()) {
      int n = skipped.get(r);
      if (n == 0) continue;
      List<Integer> lines = exampleLines.get(r);
      sb.append('\n').append("  ").append(r.description()).append(": ").append(n).append(" (line")
          .append(lines.size() == 1 ? " " : "s ")
          .append(lines.stream().map(String::valueOf).collect(Collectors.joining(", ")))
          .append(n > lines.size() ? ", ..." : "").append(')');
    }
    return sb.toString();
  }

  /** Mutable accumulator used while reading. Not thread-safe. */
  static final class Builder {
    private final Path source;
    private final EnumMap<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
    private final EnumMap<SkipReason, List<Integer>> examples = new EnumMap<>(SkipReason.class);
    private int kept;

    Builder(Path source) {
      this.source = source;
    }

    void kept() {
      kept++;
    }

    void skip(SkipReason reason, int line) {
      counts.merge(reason, 1, Integer::sum);
      List<Integer> l = examples.computeIfAbsent(reason, r -> new ArrayList<>());
      if (l.size() < MAX_EXAMPLES) l.add(line);
    }

    CorpusReport build() {
      return new CorpusReport(source, kept, counts, examples);
    }
  }
}
