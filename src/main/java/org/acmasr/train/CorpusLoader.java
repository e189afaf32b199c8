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
   * Loads a split and adds a speed-perturbed copy of every utterance for each extra speed (e.g. 0.9
   * and 1.1), with its own feature cache; the copies' ids end in {@code @speed}.
   */
  public List<Utterance> load(Path data, String split, double... extraSpeeds) throws IOException {
    List<Utterance> base = load(data, split);
    List<Utterance> all = new ArrayList<>(base);
    CorpusSplit s = java.nio.file.Files.isDirectory(data) ? CommonVoiceTsv.read(data, split)
        : CommonVoiceTsv.readFile(data);
    for (double speed : extraSpeeds) {
      FeatureCache c = new FeatureCache(cacheDir, fbank, speed);
      try {
        c.precompute(s.rows(), threads, (done, total) -> { });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while computing features", e);
      }
      for (CorpusRow row : s.rows()) {
        try {
          all.add(new Utterance(row.clip().getFileName() + "@" + speed, c.features(row.clip()),
              Labels.encode(tokens, row.text()), row.text()));
        } catch (AudioFormatException | java.nio.file.NoSuchFileException e) {
          // reported by the unperturbed load
        }
      }
    }
    return all;
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
