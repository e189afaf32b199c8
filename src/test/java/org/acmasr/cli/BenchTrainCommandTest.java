package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchTrainCommandTest {
  @Test
  void reportsParametersTrainingAndInferenceSpeed() throws Exception {
    FeaturesCommandTest.Result r = FeaturesCommandTest.run("bench", "train", "--arch", "tiny", "--conv-kernel", "3",
        "--steps", "1", "--batch-frames", "64", "--utterance-frames", "32");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s)arch tiny, conv_kernel 3: 0\\.0[0-9] M params; training [0-9.]+ s/step, [0-9]+ frames/s "
        + "\\(batch 2 x 32\\); streaming inference [0-9]+x real time.*"), r.out());
  }
}
