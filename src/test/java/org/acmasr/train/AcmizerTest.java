package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acmasr.budget.Budget;
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

  /** A teacher with convolution modules is ACMized like any other: the student keeps them unchanged and trains. */
  @Test
  void aConvolutionTeacherIsAcmizedAndKeepsItsConvolutions() throws Exception {
    CtcTrainerTest.corpus(dir);
    ModelData teacher = ModelFactory.random(CtcTrainerTest.cfg.withConvKernel(3), 4);
    Acmizer.Options opt = new Acmizer.Options(200, 20, 20, new double[] {0.5, 1.0},
        new TrainOptions(1, 400, 4, new LearningRate(1e-3, 2, 1e-4), 5.0, 3, 2, true, 0, 0.3, 0), 0, 2.0);
    new Acmizer(opt, dir.resolve("acm-conv"), new PrintStream(new ByteArrayOutputStream())).run(teacher,
        CtcTrainerTest.train, CtcTrainerTest.train, false);
    ModelData phase1 = ModelFile.read(dir.resolve("acm-conv").resolve("phase1.acm"));
    assertEquals(3, phase1.config().convKernel());
    assertTrue(java.util.Arrays.equals(teacher.tensor("layers.1.conv.dw.w").data(),
        phase1.tensor("layers.1.conv.dw.w").data()), "phases 1-2 leave the convolutions as the teacher's");
    ModelData student = ModelFile.read(dir.resolve("acm-conv").resolve("phase3").resolve("best.acm"));
    assertEquals(3, student.config().convKernel());
    assertTrue(student.config().acm().gated());
    assertTrue(!java.util.Arrays.equals(teacher.tensor("layers.1.conv.pw2.w").data(),
        student.tensor("layers.1.conv.pw2.w").data()), "phase 3 trains them");
  }

  @Test
  void threePhasesRunAndResume() throws Exception {
    CtcTrainerTest.corpus(dir);
    ModelData init = ModelFactory.random(CtcTrainerTest.cfg, 1);
    new CtcTrainer(CtcTrainerTest.options().withEpochs(2), dir.resolve("teacher"), new PrintStream(new ByteArrayOutputStream()))
        .train(init, CtcTrainerTest.train, CtcTrainerTest.train, false);
    ModelData teacher = ModelFile.read(dir.resolve("teacher").resolve("best.acm"));
    Acmizer.Options opt = new Acmizer.Options(200, 40, 60, new double[] {0.5, 1.0},
        new TrainOptions(1, 400, 4, new LearningRate(1e-3, 2, 1e-4), 5.0, 3, 2, true, 0, 0.3, 0), 1.0, 2.0);
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
    double half = m.forwardFull(frames, Budget.fixed(0.5f)).computeUsed();
    double full = m.forwardFull(frames, Budget.fixed(1f)).computeUsed();
    assertTrue(half < full, "compute at β=0.5 " + half + " vs β=1 " + full);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    CtcTrainer.Result r = new Acmizer(opt, dir.resolve("acm"), new PrintStream(again)).run(teacher, CtcTrainerTest.train,
        CtcTrainerTest.train, true);
    assertTrue(again.toString().contains("phase 1: done earlier") && again.toString().contains("phase 2: done earlier"),
        again.toString());
    assertEquals(1, r.epochsDone());
    // Resuming with another learner count would silently keep phase 1's: refused, naming both counts.
    Acmizer.Options finer = new Acmizer.Options(200, 40, 60, new double[] {0.5, 1.0}, opt.phase3(), 1.0, 2.0, 8);
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> new Acmizer(finer,
        dir.resolve("acm"), new PrintStream(new ByteArrayOutputStream())).run(teacher, CtcTrainerTest.train,
        CtcTrainerTest.train, true));
    assertTrue(mismatch.getMessage().contains("acm.learners = 8") && mismatch.getMessage().contains("with 4 learners"),
        mismatch.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> new Acmizer.Options(200, 40, 60, new double[] {0.5}, opt.phase3(), 1.0, 2.0, 17));
    assertTrue(range.getMessage().contains("acm.learners = 17"), range.getMessage());

    // Phase 3 alone from the finished student, with a heavier budget loss: nothing written for phases 1–2.
    Acmizer.Options heavy = new Acmizer.Options(200, 40, 60, new double[] {0.5, 1.0}, opt.phase3(), 1.0, 8.0);
    ByteArrayOutputStream tuned = new ByteArrayOutputStream();
    CtcTrainer.Result f = new Acmizer(heavy, dir.resolve("tuned"), new PrintStream(tuned)).fineTune(teacher, student,
        CtcTrainerTest.train, CtcTrainerTest.train, false);
    assertEquals(1, f.epochsDone());
    assertTrue(tuned.toString().contains("from the given student"), tuned.toString());
    assertTrue(!java.nio.file.Files.exists(dir.resolve("tuned").resolve("phase1.acm")));
    ModelData after = ModelFile.read(dir.resolve("tuned").resolve("phase3").resolve("best.acm"));
    assertTrue(after.config().acm().gated());
    assertTrue(!java.util.Arrays.equals(after.tensor("layers.0.ffn.gate.b3").data(), student.tensor("layers.0.ffn.gate.b3").data()),
        "the gates were trained");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Acmizer(heavy, dir.resolve("x"), new PrintStream(new ByteArrayOutputStream())).fineTune(teacher, teacher,
            CtcTrainerTest.train, CtcTrainerTest.train, false));
    assertTrue(e.getMessage().contains("acm.gated = false"), e.getMessage());
    // A fine-tune keeps the student's learners: another count is refused, not silently ignored.
    Acmizer.Options recount = new Acmizer.Options(200, 40, 60, new double[] {0.5, 1.0}, opt.phase3(), 1.0, 8.0, 8);
    IllegalArgumentException kept = assertThrows(IllegalArgumentException.class,
        () -> new Acmizer(recount, dir.resolve("y"), new PrintStream(new ByteArrayOutputStream())).fineTune(teacher, student,
            CtcTrainerTest.train, CtcTrainerTest.train, false));
    assertTrue(kept.getMessage().contains("acm.learners = 8: the student has 4 learners"), kept.getMessage());
  }
}
