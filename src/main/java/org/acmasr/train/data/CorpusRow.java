package org.acmasr.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One usable utterance of a corpus split.
 *
 * @param clip     the audio file, resolved against the corpus {@code clips/} folder (it existed when read)
 * @param sentence the transcript exactly as written in the TSV
 * @param text     {@code sentence} after {@link TextNormalizer#normalize}: non-empty, only a–z, apostrophe
 *                 and single spaces
 * @param clientId the speaker's {@code client_id}, or "" where the TSV has no such column
 */
public record CorpusRow(Path clip, String sentence, String text, String clientId) {
  public CorpusRow {
    Objects.requireNonNull(clip, "clip");
    Objects.requireNonNull(sentence, "sentence");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(clientId, "clientId");
  }
}
