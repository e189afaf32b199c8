package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acmasr.decode.TokenSet;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teacher training end to end on a handful of real clips: the loss falls, runs resume exactly. */
class CtcTrainerTest {
  @TempDir
  static Path dir;
  static List<Utterance> train;
  static ModelConfig cfg;

  @BeforeAll
  static void corpus() throws Exception {
    corpus(dir);
  }

  /** Eight asterisk clips copied into {@code root}/corpus; fills {@link #train} and {@link #cfg}. */
  static synchronized void corpus(Path root) throws Exception {
    if (train != null) return;
    Path corpus = TestData.smallCorpus(root.resolve("corpus"), "asterisk", 8);
    cfg = new ModelConfig(FbankConfig.defaults(), 4, 32, 2, 2, 64, new AcmConfig(4, false, true, 8, 16), 8, 16,
        ModelConfig.englishTokens());
    CorpusLoader loader = new CorpusLoader(root.resolve("cache"), cfg.fbank(), new TokenSet(cfg.tokens()), 2,
        new PrintStream(new ByteArrayOutputStream()));
    // In memory: other test classes reuse these utterances after this class's temporary folder (and the
    // feature cache in it) is gone.
    train = loader.load(corpus, "train").stream()
        .map(u -> Utterance.of(u.id(), u.corpus(), u.fbank(), u.labels(), u.text())).toList();
    assertEquals(8, train.size());
  }

  static TrainOptions options() {
    return new TrainOptions(4, 400, 4, new LearningRate(3e-3, 4, 1e-4), 5.0, 3, 2, true, 0, 0.3, 0);
  }

  private static ModelData init() {
    return ModelFactory.random(cfg, 1);
  }

  @Test
  void lossFallsAndTheBestModelLoads() throws Exception {
    Path out = dir.resolve("run");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    // A budget calibration belongs to the weights it was measured on: training must drop it.
    ModelData calibrated = BudgetCalibrator.withCalibration(init(),
        org.acmasr.model.BudgetCalibration.of(new float[] {0.3f, 0.9f}, new float[] {0.5f, 1f}));
    CtcTrainer.Result r = new CtcTrainer(options(), out, new PrintStream(console)).train(calibrated, train, train,
        false);
    assertEquals(4, r.epochsDone());
    List<Double> losses = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("train.log"))) {
      if (l.startsWith("epoch ")) losses.add(Double.parseDouble(l.replaceAll(".*train loss ([0-9.]+),.*", "$1")));
    }
    assertEquals(4, losses.size());
    assertTrue(losses.get(3) < losses.get(0), "epoch losses " + losses);
    ModelData best = ModelFile.read(out.resolve("best.acm"));
    assertTrue(best.metadata().containsKey("training.dev_wer"));
    assertTrue(!best.metadata().containsKey(org.acmasr.model.BudgetCalibration.META_KEY), "stale calibration kept");
    assertTrue(r.bestDevWer() >= 0 && r.bestDevWer() < 100, "best dev WER " + r.bestDevWer());
    // Every epoch's weights are kept for averaging (4 epochs, fewer than KEPT_EPOCHS); the last equals last/.
    for (int e = 1; e <= 4; e++) assertTrue(Files.exists(out.resolve("epochs").resolve(CtcTrainer.snapshotName(e))));
    ModelData e4 = ModelFile.read(out.resolve("epochs").resolve(CtcTrainer.snapshotName(4)));
    ModelData last = Checkpoint.load(out.resolve("last"), org.nd4j.linalg.api.buffer.DataType.FLOAT).model();
    assertEquals(last.tensors(), e4.tensors());
    assertEquals("4", e4.metadata().get("training.epochs"));
  }

  @Test
  void interruptedRunResumesExactly() throws Exception {
    Path straight = dir.resolve("straight");
    new CtcTrainer(options(), straight, new PrintStream(new ByteArrayOutputStream())).train(init(), train, train,
        false);
    Path resumed = dir.resolve("resumed");
    CtcTrainer.Result part = new CtcTrainer(options().withMaxSteps(5), resumed,
        new PrintStream(new ByteArrayOutputStream())).train(init(), train, train, false);
    assertEquals(5, part.steps());
    CtcTrainer.Result rest = new CtcTrainer(options(), resumed, new PrintStream(new ByteArrayOutputStream()))
        .train(init(), train, train, true);
    assertTrue(rest.steps() > 5);
    ModelData a = Checkpoint.load(straight.resolve("last"), org.nd4j.linalg.api.buffer.DataType.FLOAT).model();
    ModelData b = Checkpoint.load(resumed.resolve("last"), org.nd4j.linalg.api.buffer.DataType.FLOAT).model();
    assertEquals(a.tensors(), b.tensors(), "resumed training must end with identical weights");
  }
}
