package org.acmasr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.acmasr.decode.TokenSet;
import org.acmasr.model.ModelConfig;
import org.acmasr.train.CorpusLoader;
import picocli.CommandLine.Option;

/** Options shared by the training commands: where the corpus is, where results and features go. */
final class CorpusOptions {
  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Common Voice folder (TSVs + clips/); repeat it to train on several corpora (each keeps its own splits).")
  List<Path> data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache (default: <out>/features).")
  Path cache;

  @Option(names = "--threads", defaultValue = "2", description = "Feature extraction threads (default: ${DEFAULT-VALUE}).")
  int threads;

  CorpusLoader loader(ModelConfig cfg, PrintStream console) throws IOException {
    return new CorpusLoader(cache != null ? cache : out.resolve("features"), cfg.fbank(), new TokenSet(cfg.tokens()),
        threads, console);
  }
}
