package org.acmasr.train.data;

/** Why {@link CommonVoiceTsv} left a line of a TSV out. */
public enum SkipReason {
  /** The line has more or fewer TAB-separated fields than the header. */
  WRONG_FIELD_COUNT("wrong number of fields"),
  /** The line is empty or only whitespace. */
  BLANK_LINE("blank line"),
  /** The {@code path} field is empty. */
  EMPTY_PATH("empty path"),
  /** The {@code sentence} field is empty or only whitespace. */
  EMPTY_SENTENCE("empty sentence"),
  /** No regular file exists at the clip path. */
  MISSING_CLIP("clip file missing"),
  /** The sentence has no character left after {@link TextNormalizer#normalize}. */
  EMPTY_TEXT("empty after normalisation");

  private final String description;

  SkipReason(String description) {
    this.description = description;
  }

  /** Human-readable description used in reports. */
  public String description() {
    return description;
  }
}
