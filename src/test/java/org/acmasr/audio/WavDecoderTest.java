package org.acmasr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.acmasr.testutil.TestAudio;
import org.acmasr.testutil.TestAudio.WavFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class WavDecoderTest {

  /** Tolerance per format: the quantisation step of the encoding. */
  private static double tolerance(WavFormat f, float x) {
    return switch (f) {
      case PCM8 -> 1.0 / 100;
      case PCM16 -> 1.0 / 16000;
      case PCM24 -> 1.0 / 4_000_000;
      case PCM32, FLOAT32, FLOAT64 -> 1e-7;
      case MULAW, ALAW -> 0.07 * Math.abs(x) + 2e-3;
    };
  }

  @ParameterizedTest
  @EnumSource(WavFormat.class)
  void decodesEverySampleFormat(WavFormat fmt) throws Exception {
    for (int channels : new int[] {1, 2, 6}) {
      for (boolean ext : new boolean[] {false, true}) {
        float[] src = TestAudio.signal(1000, channels, 44100, 7);
        DecodedAudio a = AudioDecoder.decode(TestAudio.wav(src, channels, 44100, fmt, ext));
        assertEquals(44100, a.sampleRate());
        assertEquals(channels, a.channels());
        assertEquals(1000, a.frames());
        for (int i = 0; i < src.length; i++) {
          double err = Math.abs(a.interleaved()[i] - src[i]);
          assertTrue(err <= tolerance(fmt, src[i]), fmt + " sample " + i + ": " + a.interleaved()[i] + " vs " + src[i]);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"8000", "11025", "16000", "22050", "44100", "48000", "96000"})
  void anyRateBecomes16kMono(int rate) throws Exception {
    float[] src = TestAudio.signal(rate, 2, rate, 3); // one second, stereo
    float[] mono = AudioDecoder.toMono(AudioDecoder.decode(TestAudio.wav(src, 2, rate, WavFormat.FLOAT32)), 16000);
    assertEquals(16000, mono.length);
    assertTrue(TestAudio.rms(mono, 0, mono.length) > 0.1);
  }

  @Test
  void downmixAveragesChannels() throws Exception {
    float[] st = {0.5f, -0.5f, 0.25f, 0.75f};
    DecodedAudio a = AudioDecoder.decode(TestAudio.wav(st, 2, 16000, WavFormat.FLOAT32));
    assertArrayEquals(new float[] {0f, 0.5f}, a.downmix(), 1e-7f);
  }

  @Test
  void skipsUnknownChunksAndOddPadding() throws Exception {
    float[] src = TestAudio.signal(10, 1, 16000, 1);
    byte[] plain = TestAudio.wav(src, 1, 16000, WavFormat.PCM16);
    // Insert a 3-byte LIST chunk (padded to 4) between fmt and data.
    ByteBuffer b = ByteBuffer.allocate(plain.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    b.put(plain, 0, 36).put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0}).put(plain, 36, plain.length - 36);
    DecodedAudio a = AudioDecoder.decode(b.array());
    assertEquals(10, a.frames());
  }

  @Test
  void streamingPlaceholderSizeReadsToEnd() throws Exception {
    float[] src = TestAudio.signal(100, 1, 16000, 1);
    byte[] w = TestAudio.wav(src, 1, 16000, WavFormat.PCM16);
    header(w).putInt(40, -1); // data size 0xFFFFFFFF
    assertEquals(100, AudioDecoder.decode(w).frames());
  }

  private static String error(byte[] bytes) {
    return assertThrows(AudioFormatException.class, () -> AudioDecoder.decode(bytes)).getMessage();
  }

  private static byte[] valid() {
    return TestAudio.wav(TestAudio.signal(100, 1, 16000, 1), 1, 16000, WavFormat.PCM16);
  }

  @Test
  void truncatedHeader() {
    assertTrue(error(Arrays.copyOf(valid(), 8)).contains("truncated header"));
    assertTrue(error(Arrays.copyOf(valid(), 30)).contains("truncated header"), error(Arrays.copyOf(valid(), 30)));
  }

  @Test
  void truncatedData() {
    byte[] w = valid();
    String m = error(Arrays.copyOf(w, w.length - 11));
    assertTrue(m.contains("truncated file") && m.contains("declares 200 bytes"), m);
  }

  @Test
  void unsupportedCodecIsNamed() {
    byte[] w = valid();
    header(w).putShort(20, (short) 0x0011);
    String m = error(w);
    assertTrue(m.contains("unsupported codec") && m.contains("IMA ADPCM"), m);
  }

  @Test
  void zeroChannels() {
    byte[] w = valid();
    header(w).putShort(22, (short) 0);
    assertTrue(error(w).contains("channel count is 0"), error(w));
  }

  @Test
  void absurdSampleRate() {
    byte[] w = valid();
    header(w).putInt(24, 7);
    assertTrue(error(w).contains("sample rate 7 Hz"), error(w));
    header(w).putInt(24, 2_000_000_000);
    assertTrue(error(w).contains("sample rate 2000000000 Hz"), error(w));
  }

  @Test
  void inconsistentBlockAlign() {
    byte[] w = valid();
    header(w).putShort(32, (short) 3);
    assertTrue(error(w).contains("block align 3"), error(w));
  }

  @Test
  void notWaveAndUnknownFormats() {
    byte[] w = valid();
    w[8] = 'A';
    w[9] = 'V';
    w[10] = 'I';
    w[11] = ' ';
    assertTrue(error(w).contains("not WAVE"), error(w));
    assertTrue(error("OggS\0\0\0\0".getBytes()).contains("Ogg"));
    assertTrue(error(new byte[] {1, 2, 3, 4, 5}).contains("unrecognised audio format (first bytes 01 02 03 04 05)"));
    assertTrue(error(new byte[0]).contains("empty input"));
  }

  @Test
  void missingDataChunk() {
    byte[] w = Arrays.copyOf(valid(), 36);
    assertTrue(error(w).contains("no data chunk"), error(w));
  }

  /** {@code w} for writing little-endian header fields in place. */
  private static ByteBuffer header(byte[] w) {
    return ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN);
  }
}
