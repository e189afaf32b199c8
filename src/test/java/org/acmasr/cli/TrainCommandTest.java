package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's training flow through the CLI: corpus synth, train teacher, train acm, eval. */
class TrainCommandTest {
  @TempDir
  Path dir;

  private Path miniCorpus() throws Exception {
    Path corpus = dir.resolve("cv");
    Files.createDirectories(corpus.resolve("clips"));
    List<String> train = new ArrayList<>(List.of("client_id\tpath\tsentence"));
    List<String> dev = new ArrayList<>(List.of("client_id\tpath\tsentence"));
    int n = 0;
    for (String line : Files.readAllLines(TestData.corpus().resolve("train.tsv"))) {
      String[] f = line.split("\t");
      if (!f[1].startsWith("asterisk_") || n >= 8) continue;
      Files.copy(TestData.clip(f[1]), corpus.resolve("clips").resolve(f[1]));
      (n++ < 6 ? train : dev).add("x\t" + f[1] + "\t" + f[3]);
    }
    Files.write(corpus.resolve("train.tsv"), train);
    Files.write(corpus.resolve("dev.tsv"), dev);
    return corpus;
  }

  @Test
  void teacherThenAcmThenEval() throws Exception {
    Path corpus = miniCorpus();
    Path teacher = dir.resolve("teacher");
    FeaturesCommandTest.Result t = FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out",
        teacher.toString(), "--arch", "tiny", "--epochs", "2", "--batch-frames", "400", "--warmup", "2");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("epochs 2, steps "), t.out());
    ModelData tm = ModelFile.read(teacher.resolve("best.acm"));
    assertTrue(!tm.config().acm().gated());
    assertTrue(Math.abs(tm.tensor("cmvn.mean").data()[10]) > 1e-3, "CMVN statistics come from the training data");

    Path acm = dir.resolve("acm");
    FeaturesCommandTest.Result a = FeaturesCommandTest.run("train", "acm", "--teacher", teacher.resolve("best.acm").toString(),
        "--data", corpus.toString(), "--out", acm.toString(), "--rows", "100", "--phase1-steps", "5", "--phase2-steps", "5",
        "--epochs", "1", "--batch-frames", "400");
    assertEquals(0, a.code(), a.err());
    assertTrue(ModelFile.read(acm.resolve("phase3").resolve("best.acm")).config().acm().gated());
    FeaturesCommandTest.run("train", "acm", "--teacher",
        acm.resolve("phase3").resolve("best.acm").toString(), "--data", corpus.toString(), "--out", dir.resolve("x").toString())
        .assertRefused("is already gated");
    FeaturesCommandTest.run("train", "acm", "--teacher", teacher.resolve("best.acm").toString(),
        "--init", teacher.resolve("best.acm").toString(), "--data", corpus.toString(), "--out", dir.resolve("y").toString())
        .assertRefused("--init " + teacher.resolve("best.acm") + ": is a static model");
    FeaturesCommandTest.Result tuned = FeaturesCommandTest.run("train", "acm", "--teacher", teacher.resolve("best.acm").toString(),
        "--init", acm.resolve("phase3").resolve("best.acm").toString(), "--data", corpus.toString(), "--out",
        dir.resolve("tuned").toString(), "--epochs", "1", "--batch-frames", "400", "--budget-weight", "8");
    assertEquals(0, tuned.code(), tuned.err());
    assertTrue(Files.exists(dir.resolve("tuned").resolve("phase3").resolve("best.acm")));
    assertTrue(!Files.exists(dir.resolve("tuned").resolve("phase1.acm")));

    // --learners splits the student finer than the teacher's file (tiny: d_ff 64, projection rank 16).
    Path finer = dir.resolve("finer");
    FeaturesCommandTest.Result f = FeaturesCommandTest.run("train", "acm", "--teacher", teacher.resolve("best.acm").toString(),
        "--data", corpus.toString(), "--out", finer.toString(), "--rows", "100", "--phase1-steps", "5", "--phase2-steps", "5",
        "--epochs", "1", "--batch-frames", "400", "--learners", "8");
    assertEquals(0, f.code(), f.err());
    assertEquals(8, ModelFile.read(finer.resolve("phase3").resolve("best.acm")).config().acm().learners());
    FeaturesCommandTest.Result misfit = FeaturesCommandTest.run("train", "acm", "--teacher", teacher.resolve("best.acm").toString(),
        "--data", corpus.toString(), "--out", dir.resolve("z").toString(), "--learners", "3");
    assertEquals(1, misfit.code());
    assertTrue(misfit.err().contains("--learners 3: does not fit the teacher") && misfit.err().contains("acm.learners=3"),
        misfit.err());
    FeaturesCommandTest.Result initMismatch = FeaturesCommandTest.run("train", "acm", "--teacher",
        teacher.resolve("best.acm").toString(), "--init", acm.resolve("phase3").resolve("best.acm").toString(), "--data",
        corpus.toString(), "--out", dir.resolve("w").toString(), "--learners", "8");
    assertEquals(1, initMismatch.code());
    assertTrue(initMismatch.err().contains("--learners 8: --init") && initMismatch.err().contains("has 4 learners"),
        initMismatch.err());

    // --init warm-starts a teacher from a static model: its architecture and CMVN, not --arch's random weights.
    Path warm = dir.resolve("warm");
    FeaturesCommandTest.Result w = FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out",
        warm.toString(), "--init", teacher.resolve("best.acm").toString(), "--arch", "default", "--epochs", "1",
        "--batch-frames", "400", "--warmup", "2");
    assertEquals(0, w.code(), w.err());
    ModelData wm = ModelFile.read(warm.resolve("last").resolve("model.acm"));
    assertEquals(tm.config().dModel(), wm.config().dModel(), "--init's architecture wins over --arch");
    assertArrayEquals(tm.tensor("cmvn.mean").data(), wm.tensor("cmvn.mean").data());
    assertTrue(wm.metadata().get("training.init").startsWith("best.acm"), String.valueOf(wm.metadata()));
    assertTrue(!java.util.Arrays.equals(tm.tensor("layers.0.ffn.w1").data(), wm.tensor("layers.0.ffn.w1").data()),
        "one epoch from --init changed the weights");
    FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out", dir.resolve("v").toString(),
        "--init", acm.resolve("phase3").resolve("best.acm").toString())
        .assertRefused("is a gated student");
    // --init with --conv-kernel grows a convolution module per layer that starts as the identity branch: the
    // grown model computes what the file's does.
    ModelData grown = TrainCommand.Teacher.warmStart(teacher.resolve("best.acm"), 3, 0, 0, 5);
    assertEquals(3, grown.config().convKernel());
    java.util.Random r = new java.util.Random(2);
    float[][] frames = new float[24][tm.config().inputDim()];
    for (float[] row : frames) for (int i = 0; i < row.length; i++) row[i] = (float) r.nextGaussian();
    float[][] before = org.acmasr.model.AcmModel.of(tm).forwardFull(frames, org.acmasr.budget.Budget.FULL).logProbs();
    float[][] after = org.acmasr.model.AcmModel.of(grown).forwardFull(frames, org.acmasr.budget.Budget.FULL).logProbs();
    for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], 1e-5f, "frame " + i);
    // Deeper (identity layers on top) and wider (FFN learners with zero-output new units), with the
    // convolution modules too: still the file's function, and the shapes say what grew.
    int dFf = tm.config().dFf() * 2;
    ModelData bigger = TrainCommand.Teacher.warmStart(teacher.resolve("best.acm"), 3, 2, dFf, 5);
    assertEquals(tm.config().layers() + 2, bigger.config().layers());
    assertEquals(dFf, bigger.config().dFf());
    assertEquals(dFf, bigger.tensor("layers.0.ffn.w1").shape()[1]);
    float[][] big = org.acmasr.model.AcmModel.of(bigger).forwardFull(frames, org.acmasr.budget.Budget.FULL).logProbs();
    for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], big[i], 1e-5f, "grown model, frame " + i);
    float[] w1 = bigger.tensor("layers." + tm.config().layers() + ".ffn.w1").data();
    assertTrue(java.util.Arrays.stream(toDoubles(w1)).anyMatch(v -> v != 0), "new layers' inner weights are random, not zero");
    FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out", dir.resolve("g").toString(),
        "--init", teacher.resolve("best.acm").toString(), "--grow-ffn", String.valueOf(tm.config().dFf() + 1))
        .assertRefused("--grow-ffn " + (tm.config().dFf() + 1) + ": must be larger than the model's d_ff");
    FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out", dir.resolve("g").toString(),
        "--grow-layers", "2").assertRefused("--grow-layers 2: needs --init");
    FeaturesCommandTest.Result wc = FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out",
        dir.resolve("warm-conv").toString(), "--init", teacher.resolve("best.acm").toString(), "--conv-kernel", "3",
        "--epochs", "1", "--batch-frames", "400", "--warmup", "2");
    assertEquals(0, wc.code(), wc.err());
    assertEquals(3, ModelFile.read(dir.resolve("warm-conv").resolve("last").resolve("model.acm")).config().convKernel());

    // Intermediate CTC trains (tiny has 2 layers: the head after layer 1) and a head above the top is refused.
    FeaturesCommandTest.Result ic = FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out",
        dir.resolve("inter").toString(), "--init", teacher.resolve("best.acm").toString(), "--inter-ctc", "1",
        "--inter-ctc-weight", "0.4", "--epochs", "1", "--batch-frames", "400", "--warmup", "2");
    assertEquals(0, ic.code(), ic.err());
    assertTrue(Files.exists(dir.resolve("inter").resolve("last").resolve("model.acm")));
    FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out", dir.resolve("inter2").toString(),
        "--init", teacher.resolve("best.acm").toString(), "--inter-ctc", "2")
        .assertRefused("train.inter_ctc.layer = 2: must be in [1, 1] for a model of 2 layers");
    FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out", dir.resolve("inter3").toString(),
        "--init", teacher.resolve("best.acm").toString(), "--inter-ctc", "1", "--inter-ctc-weight", "1")
        .assertRefused("train.inter_ctc.weight = 1.0: must be in (0, 1)");

    Path calibrated = dir.resolve("calibrated.acm");
    FeaturesCommandTest.Result c = FeaturesCommandTest.run("train", "calibrate", "--model",
        acm.resolve("phase3").resolve("best.acm").toString(), "--data", corpus.toString(), "--out", calibrated.toString(),
        "--utterances", "2");
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().contains("β = 0.50 → gate input") && c.out().contains("(2 utterances of dev)"), c.out());
    String map = ModelFile.read(calibrated).metadata().get(org.acmasr.model.BudgetCalibration.META_KEY);
    assertTrue(map != null && map.matches("[0-9.]+:[0-9.]+(,[0-9.]+:[0-9.]+)+"), "acm.budget_map = " + map);
    FeaturesCommandTest.run("train", "calibrate", "--model",
        teacher.resolve("best.acm").toString(), "--data", corpus.toString(), "--out", dir.resolve("t.acm").toString())
        .assertRefused("acm.gated = false");

    FeaturesCommandTest.Result e = FeaturesCommandTest.run("eval", "--model", acm.resolve("phase3").resolve("best.acm").toString(),
        "--data", corpus.toString(), "--split", "dev", "--budgets", "1,0.5", "--json");
    assertEquals(0, e.code(), e.err());
    JsonNode j = new ObjectMapper().readTree(e.out());
    assertEquals(2, j.get("utterances").asInt());
    assertEquals(2, j.get("results").size());
  }

  /** --dropout reaches the training graph: the same run with and without it ends with other weights. */
  @Test
  void teacherDropoutChangesTraining() throws Exception {
    Path corpus = miniCorpus();
    float[][] w = new float[2][];
    String[] rates = {"0", "0.2"};
    for (int i = 0; i < 2; i++) {
      Path out = dir.resolve("teacher-dropout-" + rates[i]);
      FeaturesCommandTest.Result t = FeaturesCommandTest.run("train", "teacher", "--data", corpus.toString(), "--out",
          out.toString(), "--arch", "tiny", "--epochs", "1", "--batch-frames", "400", "--warmup", "2", "--dropout", rates[i]);
      assertEquals(0, t.code(), t.err());
      w[i] = ModelFile.read(out.resolve("last").resolve("model.acm")).tensor("layers.0.ffn.w1").data();
    }
    assertTrue(!java.util.Arrays.equals(w[0], w[1]), "dropout 0.2 trained the same weights as no dropout");
  }

  @Test
  void corpusSynthWritesAReadableCorpus() throws Exception {
    Path text = dir.resolve("prompts.txt");
    Files.writeString(text, "Please hold the line.\n\nYour call is important to us.\n");
    Path out = dir.resolve("synth");
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("corpus", "synth", "--text", text.toString(), "--out",
        out.toString(), "--voices-per-sentence", "2");
    assertEquals(0, r.code(), r.err());
    assertEquals(5, Files.readAllLines(out.resolve("train.tsv")).size()); // header + 2 sentences x 2 voices
    assertEquals(4, org.acmasr.train.data.CommonVoiceTsv.read(out, "train").rows().size());
  }

  @Test
  void badOptionsAreNamed() {
    String[] teacher = {"train", "teacher", "--data", dir.toString(), "--out", dir.resolve("o").toString()};
    String[] acm = {"train", "acm", "--teacher", dir.resolve("t.acm").toString(), "--data", dir.toString(), "--out",
        dir.resolve("o").toString()};
    FeaturesCommandTest.run(with(teacher, "--arch", "huge")).assertRefused("--arch huge: expected default, wide or tiny");
    FeaturesCommandTest.run(with(acm, "--budget-weight", "0")).assertRefused("--budget-weight 0.0: must be in (0, 100]");
    FeaturesCommandTest.run(with(teacher, "--dropout", "0.7")).assertRefused("--dropout 0.7: must be in [0, 0.5]");
    FeaturesCommandTest.run(with(acm, "--dropout", "-1")).assertRefused("--dropout -1.0: must be in [0, 0.5]");
    FeaturesCommandTest.run(with(acm, "--learners", "17"))
        .assertRefused("--learners 17: must be 0 (the teacher's) or in [1, 16]");
  }

  /** {@code args} followed by {@code more}. */
  private static String[] with(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  private static double[] toDoubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }
}
