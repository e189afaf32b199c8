package org.acmasr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.acmasr.decode.Lexicon;
import org.acmasr.decode.TokenSet;
import org.acmasr.engine.LanguageModelTensors;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.TensorLayout;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.api.Test;

class ModelAverageTest {
  private final ModelConfig cfg = TestModels.tinyConfig();

  @Test
  void averagesEveryWeightAndKeepsTheLastModelsDecodingTensors() {
    ModelData a = ModelFactory.random(cfg, 1);
    ModelData b = ModelFactory.random(cfg, 2);
    ModelData c = LanguageModelTensors.withLexicon(ModelFactory.random(cfg, 3),
        Lexicon.ofText(new TokenSet(cfg.tokens()), List.of("a cat")));
    ModelData avg = ModelAverage.of(List.of(a, b, c));
    for (String name : a.tensors().keySet()) {
      float[] x = a.tensors().get(name).data();
      float[] y = b.tensors().get(name).data();
      float[] z = c.tensors().get(name).data();
      float[] m = avg.tensors().get(name).data();
      for (int i = 0; i < m.length; i++) assertEquals((x[i] + y[i] + z[i]) / 3.0, m[i], 1e-6, name + "[" + i + "]");
    }
    assertSame(c.tensors().get(TensorLayout.LM_LEXICON), avg.tensors().get(TensorLayout.LM_LEXICON));
    assertEquals("3", avg.metadata().get("training.averaged_models"));
    assertEquals(a.tensors().size() + 1, avg.tensors().size());
  }

  @Test
  void refusesMismatchedModels() {
    ModelData a = ModelFactory.random(cfg, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> ModelAverage.of(List.of(a)));
    assertEquals("average: need at least 2 models, got 1", e.getMessage());
    var acm = cfg.acm();
    ModelData other = ModelFactory.random(cfg.withAcm(new org.acmasr.model.AcmConfig(acm.learners(), !acm.gated(),
        acm.projections(), acm.gateHidden(), acm.projectionRank())), 1);
    e = assertThrows(IllegalArgumentException.class, () -> ModelAverage.of(List.of(a, other)));
    assertEquals("average: model 2 has another configuration than model 1", e.getMessage());
  }
}
