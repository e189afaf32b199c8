package org.acmasr.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.DecodedAudio;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.OnlineFbank;
import org.acmasr.features.WindowType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "features", header = "Log-mel features of an audio file (WAV, MP3, FLAC or raw PCM), as NumPy, CSV or a picture.", mixinStandardHelpOptions = true,
    description = {"Decode an audio file (WAV, MP3, FLAC or raw PCM), resample to 16 kHz mono and",
        "compute 80-bin log-mel features (25 ms window, 10 ms hop).",
        "Prints a summary; --out writes the [frames x bins] matrix, --png a spectrogram picture."})
final class FeaturesCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "Audio file.")
  Path file;

  @Option(names = "--out", paramLabel = "F.npy|F.csv",
      description = "Write features as NumPy float32 (.npy) or CSV (.csv, one frame per line).")
  Path out;

  @Option(names = "--png", paramLabel = "F.png", description = "Write a spectrogram picture.")
  Path png;

  @Option(names = "--window", paramLabel = "NAME", defaultValue = "povey",
      description = "Analysis window: povey, hann or hamming (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--mel-bins", paramLabel = "N", defaultValue = "80",
      description = "Number of mel bins (default: ${DEFAULT-VALUE}).")
  int melBins;

  @Mixin
  AudioInputOptions input;

  @Override
  public Integer call() throws Exception {
    FbankConfig cfg = FbankConfig.defaults().withWindow(WindowType.parse(window)).withNumMelBins(melBins);
    DecodedAudio audio = input.read(file);
    float[] mono = AudioDecoder.toMono(audio, cfg.sampleRate());
    float[][] feats = OnlineFbank.computeAll(cfg, mono);
    if (out != null) {
      String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".npy")) {
        MatrixFiles.writeNpy(out, feats, cfg.numMelBins());
      } else if (name.endsWith(".csv")) {
        MatrixFiles.writeCsv(out, feats);
      } else {
        throw new IllegalArgumentException("--out " + out + ": file name must end in .npy or .csv");
      }
    }
    if (png != null) {
      SpectrogramPng.write(png, feats, cfg.numMelBins());
    }
    stdout().printf(Locale.ROOT, "%s: %d Hz, %d channel(s), %.3f s -> %d frames x %d mel bins at %d Hz%n",
        file.getFileName(), audio.sampleRate(), audio.channels(), audio.durationSeconds(), feats.length,
        cfg.numMelBins(), cfg.sampleRate());
    stdout().flush();
    return 0;
  }
}
