package org.acmasr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.train.ModelAverage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "average", mixinStandardHelpOptions = true,
    description = {"Average the weights of snapshots of one training run (e.g. <out>/epochs/ of `train teacher`).",
        "The result keeps the last model's metadata and decoding tensors."})
final class TrainAverageCommand extends CliCommand {
  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write.")
  Path out;

  @Parameters(arity = "2..*", paramLabel = "MODEL", description = "Model files (2 or more), oldest first.")
  List<Path> models;

  @Override
  public Integer call() throws Exception {
    List<ModelData> data = new ArrayList<>();
    for (Path p : models) data.add(ModelFile.read(p));
    ModelFile.write(out, ModelAverage.of(data));
    stdout().printf("averaged %d models into %s%n", data.size(), out);
    return 0;
  }
}
