package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three ACMization phases run end to end on real clips, produce a budget-following student, and resume. */
class AcmizerTest {
  @TempDir
  Path dir;

  @Test
  void threePhasesRunAndResume() throws Exception {
    CtcTrainerTest.corpus(dir);
    ModelData init = ModelFactory.random(CtcTrainerTest.cfg, 1);
    new CtcTrainer(CtcTrainerTest.options().withEpochs(2), dir.resolve("teacher"), new PrintStream(new ByteArrayOutputStream()))
        .train(init, CtcTrainerTest.train, CtcTrainerTest.train, false);
    ModelData teacher = ModelFile.read(dir.resolve("teacher").resolve("best.acm"));
    Acmizer.Options opt = new Acmizer.Options(200, 40, 60, new double[] {0.5, 1.0},
        new TrainOptions(1, 400, 4, new LearningRate(1e-3, 2, 1e-4), 5.0, 3, 2, true, 0, 0.3), 1.0, 2.0);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    new Acmizer(opt, dir.resolve("acm"), new PrintStream(log)).run(teacher, CtcTrainerTest.train, CtcTrainerTest.train, false);
    String first = log.toString();
    assertTrue(first.contains("phase 1 layers.0.ffn: MSE"), first);
    assertTrue(first.contains("phase 2 layers.1.ffn: gate accuracy"), first);
    assertTrue(first.matches("(?s).*epoch 1: train loss [0-9.]+, KL to teacher [0-9.]+/frame.*"), first);
    ModelData student = ModelFile.read(dir.resolve("acm").resolve("phase3").resolve("best.acm"));
    assertTrue(student.config().acm().gated());
    AcmModel m = AcmModel.of(student);
    float[][] frames = org.acmasr.model.FrameStacker.stackAll(m, CtcTrainerTest.train.get(0).fbank());
    double half = m.forwardFull(frames, 0.5f).computeUsed();
    double full = m.forwardFull(frames, 1f).computeUsed();
    assertTrue(half < full, "compute at β=0.5 " + half + " vs β=1 " + full);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    CtcTrainer.Result r = new Acmizer(opt, dir.resolve("acm"), new PrintStream(again)).run(teacher, CtcTrainerTest.train,
        CtcTrainerTest.train, true);
    assertTrue(again.toString().contains("phase 1: done earlier") && again.toString().contains("phase 2: done earlier"),
        again.toString());
    assertEquals(1, r.epochsDone());
  }
}
