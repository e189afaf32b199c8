package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  @TempDir
  Path dir;

  private static ModelData sample() {
    ModelData d = ModelFactory.random(TestModels.tiny(true, true), 3);
    Map<String, String> meta = new LinkedHashMap<>(d.metadata());
    meta.put("trained_on", "en-real train (2.16 h)\nsecond line = with: specials # !");
    return new ModelData(d.config(), meta, d.tensors());
  }

  @Test
  void saveLoadRoundTripsExactly() throws Exception {
    ModelData d = sample();
    Path f = dir.resolve("m.acm");
    ModelFile.write(f, d);
    ModelData back = ModelFile.read(f);
    assertEquals(d.config(), back.config());
    assertEquals(d.metadata(), back.metadata());
    assertEquals(d.tensors(), back.tensors());
    assertEquals(" ", back.config().tokens().get(1));
    assertEquals("'", back.config().tokens().get(28));
    // Byte-identical when written again.
    assertTrue(Arrays.equals(Files.readAllBytes(f), ModelFile.toBytes(back)));
  }

  @Test
  void everyTruncationIsReported() {
    byte[] bytes = ModelFile.toBytes(sample());
    for (int len = 0; len < bytes.length; len += 97) {
      int n = len;
      ModelFormatException e = assertThrows(ModelFormatException.class,
          () -> ModelFile.fromBytes(Arrays.copyOf(bytes, n)), "length " + len);
      assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("bad magic")
          || e.getMessage().contains("CRC"), e.getMessage());
    }
    String m = assertThrows(ModelFormatException.class,
        () -> ModelFile.fromBytes(Arrays.copyOf(bytes, bytes.length - 1))).getMessage();
    assertTrue(m.contains("truncated") && m.contains("CRC-32"), m);
  }

  @Test
  void corruptionIsCaughtByTheChecksum() {
    byte[] bytes = ModelFile.toBytes(sample());
    bytes[bytes.length - 1000] ^= 0x40; // inside the last tensor's data
    String m = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(bytes)).getMessage();
    assertTrue(m.startsWith("corrupt file: CRC-32"), m);
  }

  @Test
  void wrongShapeNamesGotAndExpected() {
    ModelData d = sample();
    Map<String, Tensor> t = new LinkedHashMap<>(d.tensors());
    t.put("layers.1.ffn.w1", Tensor.zeros(32, 60));
    byte[] bytes = ModelFile.toBytes(new ModelData(d.config(), d.metadata(), t));
    String m = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(bytes)).getMessage();
    assertEquals("tensor layers.1.ffn.w1: got shape [32, 60], expected [32, 64]", m);
  }

  @Test
  void missingAndExtraTensors() {
    ModelData d = sample();
    Map<String, Tensor> t = new LinkedHashMap<>(d.tensors());
    t.remove("ctc.b");
    String m = assertThrows(ModelFormatException.class,
        () -> ModelFile.fromBytes(ModelFile.toBytes(new ModelData(d.config(), d.metadata(), t)))).getMessage();
    assertEquals("missing tensor ctc.b (expected shape [29])", m);
    Map<String, Tensor> t2 = new LinkedHashMap<>(d.tensors());
    t2.put("bogus", Tensor.zeros(1));
    m = assertThrows(ModelFormatException.class,
        () -> ModelFile.fromBytes(ModelFile.toBytes(new ModelData(d.config(), d.metadata(), t2)))).getMessage();
    assertEquals("unexpected tensor bogus for this configuration", m);
  }

  @Test
  void badMagicVersionAndHeader() {
    byte[] bytes = ModelFile.toBytes(sample());
    byte[] magic = bytes.clone();
    magic[0] = 'X';
    assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(magic)).getMessage()
        .contains("bad magic"));
    byte[] version = bytes.clone();
    version[8] = 9;
    assertEquals("format version 9 is not supported (this build reads 1)",
        assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(version)).getMessage());
    // A header value the config rejects: heads that do not divide d_model.
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("heads=4", "heads=5");
    byte[] badHeader = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals("header: model.heads = 5: must divide d_model=32",
        assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(badHeader)).getMessage());
  }

  @Test
  void loadsIntoTheEngineAndNamesTheFileOnError() throws Exception {
    Path f = dir.resolve("m.acm");
    ModelFile.write(f, sample());
    AcmModel m = AcmModel.load(f);
    assertEquals(32, m.config().dModel());
    Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 100));
    assertTrue(assertThrows(ModelFormatException.class, () -> AcmModel.load(f)).getMessage().startsWith("m.acm: "));
  }

  /** The convolution module is described by the file (conv_kernel and its tensors); files without it load as K = 0. */
  @Test
  void convolutionModulesAreDescribedByTheFile() throws Exception {
    ModelData conv = ModelFactory.random(TestModels.tiny(false, true).withConvKernel(7), 4);
    ModelData back = ModelFile.fromBytes(ModelFile.toBytes(conv));
    assertEquals(7, back.config().convKernel());
    assertEquals("7", back.config().toProperties().get("conv_kernel"));
    assertEquals(7 * 32, back.tensor("layers.1.conv.dw.w").data().length);
    assertTrue(!ModelFactory.random(TestModels.tiny(false, true), 4).config().toProperties().containsKey("conv_kernel"),
        "a model without convolution keeps the old header");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TestModels.tiny(false, true).withConvKernel(65));
    assertTrue(e.getMessage().contains("model.conv_kernel = 65"), e.getMessage());
    Map<String, String> props = new LinkedHashMap<>(conv.config().toProperties());
    props.put("conv_kernel", "seven");
    e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromProperties(props, conv.config().tokens()));
    assertTrue(e.getMessage().contains("model.conv_kernel = seven: not an integer"), e.getMessage());
  }
}
