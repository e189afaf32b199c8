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
  private final Path cacheDir;
  private final FbankConfig fbank;
  private final TokenSet tokens;
  private final PrintStream console;
  private final int threads;

  public CorpusLoader(Path cacheDir, FbankConfig fbank, TokenSet tokens, int threads, PrintStream console)
      throws IOException {
    this.cache = new FeatureCache(cacheDir, fbank);
    this.cacheDir = cacheDir;
    this.fbank = fbank;
    this.tokens = tokens;
    this.threads = threads;
    this.console = console;
  }

  /**
   * Loads a split (a Common Voice folder and split name, or a single TSV file) and adds a
   * speed-perturbed copy of every utterance for each extra speed (e.g. 0.9 and 1.1), with its own
   * feature cache; the copies' ids end in {@code @speed}.
   */
  public List<Utterance> load(Path data, String split, double... extraSpeeds) throws IOException {
    CorpusSplit s = CommonVoiceTsv.open(data, split);
    console.println(s.report());
    List<Utterance> all = utterances(s.rows(), cache, "", true);
    for (double speed : extraSpeeds) {
      all.addAll(utterances(s.rows(), new FeatureCache(cacheDir, fbank, speed), "@" + speed, false));
    }
    return all;
  }

  /** Features from {@code c} (filled in parallel first) and labels of every decodable row. */
  private List<Utterance> utterances(List<CorpusRow> rows, FeatureCache c, String idSuffix, boolean report)
      throws IOException {
    PrecomputeReport pre;
    try {
      pre = c.precompute(rows, threads, (done, total) -> { });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while computing features", e);
    }
    if (report && (!pre.undecodable().isEmpty() || !pre.unreadable().isEmpty())) {
      console.printf("skipped %d undecodable and %d unreadable clips (first: %s)%n", pre.undecodable().size(),
          pre.unreadable().size(), !pre.undecodable().isEmpty() ? pre.undecodable().get(0) : pre.unreadable().get(0));
    }
    List<Utterance> out = new ArrayList<>();
    for (CorpusRow row : rows) {
      float[][] f;
      try {
        f = c.features(row.clip());
      } catch (AudioFormatException | java.nio.file.NoSuchFileException e) {
        continue; // counted in the report of the unperturbed pass
      }
      out.add(new Utterance(row.clip().getFileName() + idSuffix, f, Labels.encode(tokens, row.text()), row.text()));
    }
    return out;
  }
}
