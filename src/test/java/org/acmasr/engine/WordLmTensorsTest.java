package org.acmasr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acmasr.decode.ArpaReader;
import org.acmasr.decode.WordNgramLm;
import org.acmasr.decode.WordNgrams;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.model.ModelFormatException;
import org.acmasr.model.Tensor;
import org.acmasr.model.TensorLayout;
import org.junit.jupiter.api.Test;

class WordLmTensorsTest {
  private static final String ARPA = String.join("\n", "\\data\\", "ngram 1=5", "ngram 2=2", "", "\\1-grams:",
      "-1.0\t<unk>", "-99\t<s>\t-0.3", "-0.7\t</s>", "-0.4\tyes\t-0.2", "-0.5\tno", "", "\\2-grams:",
      "-0.1\t<s> yes", "-0.25\tyes no", "", "\\end\\", "");

  private static ModelData model() {
    ModelConfig cfg = new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
    return ModelFactory.random(cfg, 3);
  }

  @Test
  void roundTripsThroughTheModelFile() throws Exception {
    WordNgrams g = ArpaReader.read(new ByteArrayInputStream(ARPA.getBytes(StandardCharsets.UTF_8)), "yes-no.arpa");
    Map<String, String> meta = new LinkedHashMap<>(Map.of(RecognizerConfig.META_WORD_LM_WEIGHT, "0.5"));
    ModelData with = WordLmTensors.with(model(), g, meta);
    ModelData back = ModelFile.fromBytes(ModelFile.toBytes(with));
    WordNgramLm lm = WordLmTensors.read(back).orElseThrow();
    WordNgramLm direct = new WordNgramLm(g);
    long s = lm.start();
    assertEquals(-0.1 * Math.log(10), lm.score(s, lm.id("yes")), 1e-6);
    assertEquals((-0.3 - 0.5) * Math.log(10), lm.score(s, lm.id("no")), 1e-6);
    assertEquals(direct.score(lm.next(s, lm.id("yes")), lm.id("no")), lm.score(lm.next(s, lm.id("yes")), lm.id("no")));
    assertEquals(0.5, RecognizerConfig.forModel(back.metadata()).wordLmWeight());
    assertTrue(WordLmTensors.read(model()).isEmpty(), "a model without one has no word LM");
  }

  @Test
  void aMisshapenTensorIsRefusedByName() throws Exception {
    WordNgrams g = ArpaReader.read(new ByteArrayInputStream(ARPA.getBytes(StandardCharsets.UTF_8)), "yes-no.arpa");
    ModelData with = WordLmTensors.with(model(), g, Map.of());
    Map<String, Tensor> tensors = new LinkedHashMap<>(with.tensors());
    tensors.put(TensorLayout.wordLm(2), new Tensor(new long[] {1, 3}, new float[3]));
    ModelData bad = new ModelData(with.config(), with.metadata(), tensors);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(ModelFile.toBytes(bad)));
    assertTrue(e.getMessage().contains("tensor lm.word.2grams: got shape [1, 3], expected [n, 4]"), e.getMessage());
  }
}
