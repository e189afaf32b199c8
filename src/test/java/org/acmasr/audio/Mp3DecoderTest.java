package org.acmasr.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import org.acmasr.testutil.TestAudio;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mp3DecoderTest {

  @ParameterizedTest
  @CsvSource({TestData.CLIP_8K + ", 8000", TestData.CLIP_22K + ", 22050", TestData.CLIP_48K + ", 48000"})
  void decodesCommonVoiceClips(String clip, int rate) throws Exception {
    DecodedAudio a = AudioDecoder.read(TestData.clip(clip), null);
    assertEquals(rate, a.sampleRate());
    assertEquals(1, a.channels());
    Map<String, Integer> ms = TestData.durationsMs();
    double expected = ms.get(clip) / 1000.0;
    // Durations were measured on the decoded MP3 with gapless trimming where a LAME tag allows it.
    assertEquals(expected, a.durationSeconds(), 0.0015, clip);
    float[] mono16k = AudioDecoder.toMono(a, 16000);
    assertEquals(Math.ceil(a.frames() * 16000.0 / rate), mono16k.length, 0.0);
    double rms = TestAudio.rms(mono16k, 0, mono16k.length);
    assertTrue(rms > 0.01 && rms < 0.5, "speech-like level, got rms " + rms);
  }

  @Test
  void truncatedClipKeepsTheFramesBeforeTheCut() throws Exception {
    byte[] full = Files.readAllBytes(TestData.clip(TestData.CLIP_48K));
    DecodedAudio whole = AudioDecoder.decode(full);
    DecodedAudio half = AudioDecoder.decode(Arrays.copyOf(full, full.length / 2));
    assertTrue(half.frames() > whole.frames() / 3 && half.frames() < whole.frames(), half.frames() + " of " + whole.frames());
    // The frames that did decode are the same samples.
    float[] a = Arrays.copyOf(whole.interleaved(), half.frames() - 2000);
    float[] b = Arrays.copyOf(half.interleaved(), half.frames() - 2000);
    assertEquals(0.0, TestAudio.maxAbsDiff(a, b));
  }

  @Test
  void headerOnlyIsAnError() {
    byte[] id3 = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0};
    String m = assertThrows(AudioFormatException.class, () -> AudioDecoder.decode(id3)).getMessage();
    assertTrue(m.startsWith("MP3:"), m);
  }
}
