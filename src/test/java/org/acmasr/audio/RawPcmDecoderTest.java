package org.acmasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.acmasr.testutil.TestAudio;
import org.junit.jupiter.api.Test;

class RawPcmDecoderTest {

  private static byte[] s16(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x) b.putShort((short) Math.round(v * 32767));
    return b.array();
  }

  private static byte[] f32(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x) b.putFloat(v);
    return b.array();
  }

  @Test
  void decodesS16AndF32() throws Exception {
    float[] x = TestAudio.signal(500, 2, 8000, 1);
    DecodedAudio a = AudioDecoder.decode(s16(x), RawPcmFormat.of(PcmEncoding.PCM_S16LE, 8000, 2));
    assertEquals(500, a.frames());
    assertTrue(TestAudio.maxAbsDiff(x, a.interleaved()) < 1e-4);
    DecodedAudio f = AudioDecoder.decode(f32(x), RawPcmFormat.of(PcmEncoding.parse("PCM_F32LE"), 8000, 2));
    assertArrayEquals(x, f.interleaved());
  }

  @Test
  void streamingInWholeFramesEqualsWhole() throws Exception {
    Random r = new Random(5);
    for (PcmEncoding enc : PcmEncoding.values()) {
      float[] x = TestAudio.signal(3000, 3, 16000, 2);
      byte[] bytes = enc == PcmEncoding.PCM_S16LE ? s16(x) : f32(x);
      RawPcmFormat fmt = RawPcmFormat.of(enc, 16000, 3);
      float[] whole = RawPcmDecoder.decode(bytes, fmt).interleaved();
      for (int trial = 0; trial < 50; trial++) {
        RawPcmDecoder d = new RawPcmDecoder(fmt);
        float[] got = new float[0];
        int pos = 0;
        while (pos < bytes.length) {
          int n = Math.min(bytes.length - pos, r.nextInt(7) * fmt.bytesPerFrame());
          float[] part = d.accept(bytes, pos, n);
          got = concat(got, part);
          pos += n;
        }
        assertArrayEquals(whole, got, enc + " trial " + trial);
      }
    }
  }

  @Test
  void oddByteCountFor16Bit() throws Exception {
    RawPcmFormat fmt = RawPcmFormat.of(PcmEncoding.PCM_S16LE, 16000, 1);
    String m = assertThrows(AudioFormatException.class, () -> AudioDecoder.decode(new byte[1001], fmt)).getMessage();
    assertTrue(m.contains("byte count 1001 is not a multiple of 2"), m);
    RawPcmDecoder stream = new RawPcmDecoder(fmt);
    String m2 = assertThrows(AudioFormatException.class, () -> stream.accept(new byte[3], 0, 3)).getMessage();
    assertTrue(m2.contains("byte count 3 is not a multiple of 2"), m2);
  }

  @Test
  void badDeclarations() {
    assertTrue(assertThrows(AudioFormatException.class, () -> PcmEncoding.parse("opus")).getMessage()
        .contains("unsupported PCM encoding 'opus', expected one of pcm_s16le, pcm_f32le"));
    assertTrue(assertThrows(AudioFormatException.class, () -> RawPcmFormat.of(PcmEncoding.PCM_S16LE, 0, 1))
        .getMessage().contains("sample rate 0 Hz"));
    assertTrue(assertThrows(AudioFormatException.class, () -> RawPcmFormat.of(PcmEncoding.PCM_S16LE, 16000, 0))
        .getMessage().contains("channel count is 0"));
  }

  /** Float samples must be finite and within ±2: anything else is refused by name, whole or streamed. */
  @Test
  void nonFiniteOrHugeFloatsAreRefused() throws Exception {
    RawPcmFormat f32 = RawPcmFormat.of(PcmEncoding.PCM_F32LE, 16000, 1);
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1e38f, -1e38f, 2.5f}) {
      byte[] b = f32(new float[] {0.5f, 1.9f, bad});
      String m = assertThrows(AudioFormatException.class, () -> AudioDecoder.decode(b, f32)).getMessage();
      assertTrue(m.startsWith("pcm_f32le: sample 2 is " + bad + ", outside the accepted range [-2.0, 2.0]"), m);
      RawPcmDecoder stream = new RawPcmDecoder(f32);
      assertArrayEquals(new float[] {0.5f}, stream.accept(b, 0, 4));
      m = assertThrows(AudioFormatException.class, () -> stream.accept(b, 4, 8)).getMessage();
      assertTrue(m.contains("sample 2 is " + bad), m);
    }
    assertArrayEquals(new float[] {-2f, 2f, 1.5f}, AudioDecoder.decode(f32(new float[] {-2f, 2f, 1.5f}), f32).interleaved());
  }

  static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
