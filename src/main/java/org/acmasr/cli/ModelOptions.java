package org.acmasr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.model.ModelFormatException;
import picocli.CommandLine.Option;

/** Where the model comes from: {@code --model FILE}, else the default model shipped inside the jar. */
final class ModelOptions {
  /** Classpath location of the shipped default model. */
  static final String DEFAULT_RESOURCE = "/models/default.acm";

  @Option(names = {"-m", "--model"}, paramLabel = "FILE",
      description = "Model file (.acm). Default: the model shipped in the jar.")
  Path model;

  /**
   * A stable identifier of a model for output records: its name and the CRC-32 of its file form,
   * e.g. {@code acm-en@1c2d3e4f}.
   */
  static String modelId(AcmModel model) {
    CRC32 crc = new CRC32();
    crc.update(ModelFile.toBytes(model.data()));
    return model.data().metadata().getOrDefault("name", "unnamed") + "@" + String.format("%08x", crc.getValue());
  }

  /**
   * The default architecture with random weights and gates that follow the budget: the compute of a
   * trained model and garbage text, for benchmarks and for trying the plumbing without a model file.
   */
  static AcmModel randomDefaultArchitecture() throws ModelFormatException {
    return AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(
        ModelFactory.defaultConfig(), 1)));
  }

  /** Whether this build carries the default model. */
  static boolean defaultAvailable() {
    return ModelOptions.class.getResource(DEFAULT_RESOURCE) != null;
  }

  AcmModel load() throws IOException {
    if (model != null) {
      if (!java.nio.file.Files.isRegularFile(model)) {
        throw new IllegalArgumentException("--model " + model + ": no such file");
      }
      return AcmModel.load(model);
    }
    try (InputStream in = ModelOptions.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ModelFormatException("no default model is shipped in this build yet; pass --model FILE");
      }
      return AcmModel.of(ModelFile.fromBytes(in.readAllBytes()));
    }
  }
}
