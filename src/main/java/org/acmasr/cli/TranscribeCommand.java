package org.acmasr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.acmasr.budget.Budget;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.engine.Transcript;
import org.acmasr.engine.TranscriptJson;
import org.acmasr.model.AcmModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "transcribe", mixinStandardHelpOptions = true,
    description = {"Transcribe audio files (WAV, MP3, FLAC, or raw PCM with --raw/--rate).",
        "Prints the text, or with --json the words with timings and confidence and the compute spent."})
final class TranscribeCommand extends CliCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files.")
  List<Path> files;

  @Mixin
  ModelOptions modelOptions;

  @Option(names = {"-b", "--budget"}, paramLabel = "B", defaultValue = "1.0",
      description = "Compute budget in (0, 1]: the fraction of the static model's adaptive compute to spend "
          + "(default: ${DEFAULT-VALUE}).")
  double budget;

  @Mixin
  DecodeOptions decode;

  @Option(names = "--json", description = "One JSON object per file (one per line).")
  boolean json;

  @Mixin
  AudioInputOptions input;

  @Override
  public Integer call() throws Exception {
    Budget.Fixed beta = Budget.fixed(budget);
    AcmModel model = modelOptions.load();
    Recognizer recognizer = new Recognizer(model, decode.config(model));
    PrintWriter out = stdout();
    for (Path file : files) {
      float[] samples = input.readMono(file, recognizer.sampleRate());
      Transcript t = recognizer.transcribe(samples, beta);
      if (json) {
        var node = TranscriptJson.toJson(t, model.config().frameSeconds());
        node.put("file", file.toString());
        node.put("model", model.data().metadata().getOrDefault("name", "unnamed"));
        out.println(TranscriptJson.mapper().writeValueAsString(node));
      } else {
        out.println(files.size() > 1 ? file + "\t" + t.text() : t.text());
      }
      out.flush();
      if (!json && files.size() == 1) {
        stderr().printf(Locale.ROOT, "[%.2f s audio, budget %.2f, compute used %.3f, %.0fx real time, %d words]%n",
            t.durationSeconds(), t.budget(), t.computeUsed(), t.realTimeMultiple(), t.words().size());
      }
    }
    return 0;
  }
}
