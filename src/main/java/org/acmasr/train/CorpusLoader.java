package org.acmasr.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acmasr.audio.AudioFormatException;
import org.acmasr.decode.TokenSet;
import org.acmasr.features.FbankConfig;
import org.acmasr.train.data.CommonVoiceTsv;
import org.acmasr.train.data.CorpusRow;
import org.acmasr.train.data.CorpusSplit;
import org.acmasr.train.data.FeatureCache;
import org.acmasr.train.data.PrecomputeReport;

/**
 * Reads a Common Voice split into utterances: TSV rows (bad rows skipped and reported), features
 * from the on-disk cache (computed in parallel on first use; undecodable clips skipped and reported),
 * labels from the normalised text.
 */
public final class CorpusLoader {
  private final FeatureCache cache;
  private final TokenSet tokens;
  private final PrintStream console;
  private final int threads;

  public CorpusLoader(Path cacheDir, FbankConfig fbank, TokenSet tokens, int threads, PrintStream console)
      throws IOException {
    this.cache = new FeatureCache(cacheDir, fbank);
    this.tokens = tokens;
    this.threads = threads;
    this.console = console;
  }

  /** @param data a Common Voice folder (then {@code split} names the TSV) or a single TSV file */
  public List<Utterance> load(Path data, String split) throws IOException {
    CorpusSplit s = java.nio.file.Files.isDirectory(data) ? CommonVoiceTsv.read(data, split)
        : CommonVoiceTsv.readFile(data);
    console.println(s.report());
    PrecomputeReport pre;
    try {
      pre = cache.precompute(s.rows(), threads, (done, total) -> { });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while computing features", e);
    }
    if (!pre.undecodable().isEmpty() || !pre.unreadable().isEmpty()) {
      console.printf("skipped %d undecodable and %d unreadable clips (first: %s)%n", pre.undecodable().size(),
          pre.unreadable().size(), !pre.undecodable().isEmpty() ? pre.undecodable().get(0) : pre.unreadable().get(0));
    }
    List<Utterance> out = new ArrayList<>();
    for (CorpusRow row : s.rows()) {
      float[][] f;
      try {
        f = cache.features(row.clip());
      } catch (AudioFormatException | java.nio.file.NoSuchFileException e) {
        continue; // counted above
      }
      out.add(new Utterance(row.clip().getFileName().toString(), f, Labels.encode(tokens, row.text()), row.text()));
    }
    return out;
  }
}
