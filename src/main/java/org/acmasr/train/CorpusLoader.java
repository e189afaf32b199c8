package org.acmasr.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.acmasr.decode.TokenSet;
import org.acmasr.features.FbankConfig;
import org.acmasr.train.data.CommonVoiceTsv;
import org.acmasr.train.data.CorpusRow;
import org.acmasr.train.data.CorpusSplit;
import org.acmasr.train.data.FeatureCache;
import org.acmasr.train.data.PrecomputeReport;

/**
 * Reads Common Voice splits into utterances: TSV rows (bad rows skipped and reported), features
 * computed into the on-disk cache in parallel on first use (undecodable clips skipped and reported) and
 * loaded from it when a batch needs them, labels from the normalised text. Several corpora load into one
 * list; each utterance remembers its corpus (the folder's name) for per-corpus reports.
 */
public final class CorpusLoader {
  private final Path cacheDir;
  private final FbankConfig fbank;
  private final TokenSet tokens;
  private final PrintStream console;
  private final int threads;

  public CorpusLoader(Path cacheDir, FbankConfig fbank, TokenSet tokens, int threads, PrintStream console)
      throws IOException {
    new FeatureCache(cacheDir, fbank); // checks the front end against the cache before any work
    this.cacheDir = cacheDir;
    this.fbank = fbank;
    this.tokens = tokens;
    this.threads = threads;
    this.console = console;
  }

  /** {@link #load(Path, String, double...)} of each corpus, in order; clip names must not repeat across them. */
  public List<Utterance> load(List<Path> corpora, String split, double... extraSpeeds) throws IOException {
    List<Utterance> all = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Path corpus : corpora) {
      for (Utterance u : load(corpus, split, extraSpeeds)) {
        if (!ids.add(u.id())) {
          throw new IllegalArgumentException("--data " + corpus + ": clip " + u.id()
              + " also occurs in an earlier corpus (the feature cache keys clips by name)");
        }
        all.add(u);
      }
    }
    return all;
  }

  /**
   * Loads a split (a Common Voice folder and split name, or a single TSV file). Each utterance carries its
   * features at speed 1 and at every extra speed (e.g. 0.9 and 1.1: Kaldi-style speed perturbation, each
   * speed with its own feature cache); a trainer picks among them ({@link SpeedMode}).
   */
  public List<Utterance> load(Path data, String split, double... extraSpeeds) throws IOException {
    CorpusSplit s = CommonVoiceTsv.open(data, split);
    String corpus = CommonVoiceTsv.corpusName(data);
    console.println(corpus + " " + s.report());
    List<FeatureCache> caches = new ArrayList<>();
    caches.add(new FeatureCache(cacheDir, fbank));
    for (double speed : extraSpeeds) caches.add(new FeatureCache(cacheDir, fbank, speed));
    List<List<FeatureSource>> variants = new ArrayList<>();
    for (int c = 0; c < caches.size(); c++) variants.add(precompute(s.rows(), caches.get(c), c == 0));
    List<Utterance> out = new ArrayList<>();
    for (int i = 0; i < s.rows().size(); i++) {
      CorpusRow row = s.rows().get(i);
      List<FeatureSource> v = new ArrayList<>();
      for (List<FeatureSource> perSpeed : variants) {
        if (perSpeed.get(i) != null) v.add(perSpeed.get(i));
      }
      if (v.size() < caches.size()) continue; // undecodable: counted in the report of the unperturbed pass
      out.add(new Utterance(row.clip().getFileName().toString(), corpus, Labels.encode(tokens, row.text()),
          row.text(), v));
    }
    return out;
  }

  /** Fills {@code c} (in parallel) and returns a feature source per row, null where the clip is undecodable. */
  private List<FeatureSource> precompute(List<CorpusRow> rows, FeatureCache c, boolean report) throws IOException {
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
    Set<Path> failed = new HashSet<>();
    pre.undecodable().forEach(f -> failed.add(f.clip()));
    pre.unreadable().forEach(f -> failed.add(f.clip()));
    List<FeatureSource> out = new ArrayList<>();
    for (CorpusRow row : rows) {
      out.add(failed.contains(row.clip()) ? null : FeatureSource.cached(c, row.clip(), c.cachedFrames(row.clip())));
    }
    return out;
  }
}
