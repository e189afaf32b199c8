package org.acmasr.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.acmasr.train.synth.SpeechSynth;
import org.acmasr.train.synth.Voice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "corpus", mixinStandardHelpOptions = true, description = "Build training corpora.",
    subcommands = {CorpusCommand.Synth.class})
final class CorpusCommand {

  @Command(name = "synth", mixinStandardHelpOptions = true,
      description = {"Render sentences (one per line) with espeak-ng and flite voices across voices, rates and",
          "pitches into a Common Voice folder (clips/*.wav, train.tsv, validated.tsv), for bootstrapping a domain.",
          "Needs Debian's espeak-ng and flite (deploy/install-system-deps.sh)."})
  static final class Synth extends CliCommand {
    @Option(names = "--text", required = true, paramLabel = "FILE", description = "Sentences, one per line (UTF-8).")
    Path text;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output Common Voice folder.")
    Path out;

    @Option(names = "--voices-per-sentence", defaultValue = "3", description = "Voices per sentence (default: ${DEFAULT-VALUE}).")
    int perSentence;

    @Option(names = "--seed", defaultValue = "17", description = "Voice draw seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
      List<String> sentences = Files.readAllLines(text, StandardCharsets.UTF_8);
      SpeechSynth.Report r = new SpeechSynth(Voice.defaults()).render(sentences, out, perSentence, seed);
      stdout().printf(Locale.ROOT, "%d clips written to %s (%d failed)%n", r.clips(), out, r.failed());
      for (String f : r.failures().subList(0, Math.min(5, r.failures().size()))) System.err.println("  " + f);
      stdout().flush();
      return 0;
    }
  }
}
