package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.OnlineFbank;
import org.acmasr.testutil.TestAudio;
import org.acmasr.testutil.TestData;
import org.acmasr.testutil.TestFlac;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {
    /** Asserts the command failed with exit code 1 and {@code message} on stderr. */
    void assertRefused(String message) {
      assertEquals(1, code);
      assertTrue(err.contains(message), err);
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void mp3ToNpyAndPng() throws Exception {
    Path clip = TestData.clip(TestData.CLIP_48K);
    Path npy = dir.resolve("f.npy");
    Path png = dir.resolve("f.png");
    Result r = run("features", clip.toString(), "--out", npy.toString(), "--png", png.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("48000 Hz, 1 channel(s)"), r.out());
    float[][] expected = OnlineFbank.computeAll(FbankConfig.defaults(), AudioDecoder.loadMono(clip, null, 16000));
    float[][] got = readNpy(npy);
    assertEquals(expected.length, got.length);
    for (int t = 0; t < got.length; t++) assertArrayEquals(expected[t], got[t]);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(expected.length * 2, img.getWidth());
    assertEquals(80 * 3, img.getHeight());
  }

  @Test
  void flacAndWavToCsv() throws Exception {
    float[] sig = TestAudio.signal(8000, 2, 16000, 4);
    Path flac = dir.resolve("a.flac");
    Files.write(flac, TestFlac.encode(sig, 2, 16000, 16));
    Path wav = dir.resolve("a.wav");
    Files.write(wav, TestAudio.wav(sig, 2, 16000, TestAudio.WavFormat.PCM16));
    for (Path in : List.of(flac, wav)) {
      Path csv = dir.resolve(in.getFileName() + ".csv");
      Result r = run("features", in.toString(), "--out", csv.toString());
      assertEquals(0, r.code(), r.err());
      List<String> lines = Files.readAllLines(csv);
      assertEquals(FbankConfig.defaults().numFrames(8000), lines.size());
      assertEquals(80, lines.get(0).split(",").length);
    }
  }

  @Test
  void rawPcmNeedsRate() throws Exception {
    Path raw = dir.resolve("a.pcm");
    Files.write(raw, new byte[3200]);
    Result missing = run("features", raw.toString(), "--raw", "pcm_s16le");
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("needs --rate"), missing.err());
    Result ok = run("features", raw.toString(), "--raw", "pcm_s16le", "--rate", "16000");
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("-> 8 frames"), ok.out());
  }

  @Test
  void badInputGivesOneLineError() throws Exception {
    Path junk = dir.resolve("junk.wav");
    Files.write(junk, new byte[] {'R', 'I', 'F', 'F', 1, 2});
    Result r = run("features", junk.toString());
    assertEquals(1, r.code());
    assertEquals("acm-asr features: junk.wav: WAV: truncated header (6 bytes, need at least 12)", r.err().trim());
    Result missing = run("features", dir.resolve("nope.mp3").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("nope.mp3"), missing.err());
    Result badOut = run("features", junk.toString(), "--out", "x.txt");
    assertEquals(1, badOut.code());
  }

  @Test
  void helpAndVersion() {
    Result help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("features"), help.out());
    Result version = run("--version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("acm-asr "), version.out());
    assertEquals(2, run("no-such-command").code());
  }

  static float[][] readNpy(Path p) throws Exception {
    byte[] b = Files.readAllBytes(p);
    assertEquals((byte) 0x93, b[0]);
    int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    assertEquals(0, (10 + headerLen) % 64, "npy header must be 64-byte aligned");
    String header = new String(b, 10, headerLen);
    String shape = header.substring(header.indexOf("(") + 1, header.indexOf(")"));
    int rows = Integer.parseInt(shape.split(",")[0].trim());
    int cols = Integer.parseInt(shape.split(",")[1].trim());
    ByteBuffer bb = ByteBuffer.wrap(b, 10 + headerLen, rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
    float[][] m = new float[rows][cols];
    for (float[] r : m) for (int c = 0; c < cols; c++) r[c] = bb.getFloat();
    return m;
  }
}
