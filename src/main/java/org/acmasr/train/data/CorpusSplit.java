package org.acmasr.train.data;

import java.util.List;
import java.util.Objects;

/**
 * The usable rows of one TSV and the report of what was skipped.
 *
 * @param rows   rows in file order
 * @param report counts of kept and skipped lines
 */
public record CorpusSplit(List<CorpusRow> rows, CorpusReport report) {
  public CorpusSplit {
    rows = List.copyOf(rows);
    Objects.requireNonNull(report, "report");
  }
}
