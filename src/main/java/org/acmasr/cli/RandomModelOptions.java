package org.acmasr.cli;

import java.io.IOException;
import org.acmasr.model.AcmModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --model FILE}, the model in the jar, or {@code --random-model}: for the commands that try the plumbing. */
final class RandomModelOptions {
  @Mixin
  ModelOptions model;

  @Option(names = "--random-model",
      description = "The default architecture with random weights instead of --model: the compute of a trained "
          + "model and garbage text, for trying the plumbing.")
  boolean random;

  AcmModel load() throws IOException {
    return random ? ModelOptions.randomDefaultArchitecture() : model.load();
  }
}
