package org.acmasr.train;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything needed to continue training exactly where it stopped: the model (architecture, CMVN,
 * weights) as a regular model file, the optimizer's moments, and the position in the schedule.
 * Stored as a folder: {@code model.acm}, {@code optimizer.bin}, {@code state.properties} (written
 * last, so a folder without it is an incomplete checkpoint and is ignored).
 *
 * @param model       weights and architecture
 * @param optimizer   Adam state ({@link Adam#state})
 * @param step        optimizer steps taken
 * @param epoch       epoch in progress (0-based)
 * @param batchInEpoch batches of that epoch already done
 * @param bestDevWer  best dev WER so far (+∞ before any evaluation)
 */
public record Checkpoint(ModelData model, Map<String, INDArray> optimizer, long step, int epoch, int batchInEpoch,
    double bestDevWer) {

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("state.properties"));
    ModelFile.write(dir.resolve("model.acm"), model);
    TensorArchive.write(dir.resolve("optimizer.bin"), optimizer);
    Properties p = new Properties();
    p.setProperty("step", Long.toString(step));
    p.setProperty("epoch", Integer.toString(epoch));
    p.setProperty("batch_in_epoch", Integer.toString(batchInEpoch));
    p.setProperty("best_dev_wer", Double.toString(bestDevWer));
    Path tmp = dir.resolve("state.properties.tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "acm-asr training checkpoint");
    }
    Files.move(tmp, dir.resolve("state.properties"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve("state.properties"));
  }

  public static Checkpoint load(Path dir, DataType dt) throws IOException {
    if (!exists(dir)) {
      throw new IOException(dir + ": no complete checkpoint (state.properties missing)");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("state.properties"), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    try {
      return new Checkpoint(ModelFile.read(dir.resolve("model.acm")), TensorArchive.read(dir.resolve("optimizer.bin"), dt),
          Long.parseLong(p.getProperty("step")), Integer.parseInt(p.getProperty("epoch")),
          Integer.parseInt(p.getProperty("batch_in_epoch")), Double.parseDouble(p.getProperty("best_dev_wer")));
    } catch (RuntimeException e) {
      throw new IOException(dir + ": malformed state.properties (" + e.getMessage() + ")", e);
    }
  }
}
