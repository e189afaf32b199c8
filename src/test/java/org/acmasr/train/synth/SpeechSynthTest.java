package org.acmasr.train.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.DecodedAudio;
import org.acmasr.train.data.CommonVoiceTsv;
import org.acmasr.train.data.CorpusSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs Debian's espeak-ng and flite, which the project's install script puts on every machine. */
class SpeechSynthTest {
  @TempDir
  Path dir;

  @Test
  void rendersACommonVoiceFolderTheCorpusReaderAccepts() throws Exception {
    List<Voice> voices = List.of(new Voice(Voice.Engine.ESPEAK_NG, "en-us+f3", 160, 60), new Voice(Voice.Engine.FLITE, "slt", 0, 0));
    SpeechSynth.Report r = new SpeechSynth(voices).render(List.of("Turn on the kitchen lights.", "It costs $5 in 1995."),
        dir, 2, 1);
    assertEquals(4, r.clips(), r.failures().toString());
    CorpusSplit split = CommonVoiceTsv.read(dir, "train");
    assertEquals(4, split.rows().size());
    assertEquals(0, split.report().totalSkipped());
    assertTrue(split.rows().stream().anyMatch(row -> row.text().equals("it costs five dollars in nineteen ninety five")));
    for (var row : split.rows()) {
      DecodedAudio a = AudioDecoder.read(row.clip(), null);
      assertTrue(a.durationSeconds() > 0.8 && a.durationSeconds() < 6, row.clip() + ": " + a.durationSeconds() + " s");
    }
  }

  @Test
  void unknownVoicesAreRejectedByName() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new SpeechSynth(List.of(new Voice(Voice.Engine.FLITE, "no-such-voice", 0, 0))));
    assertTrue(e.getMessage().startsWith("synth.voice = no-such-voice: flite has only"), e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new SpeechSynth(List.of(new Voice(Voice.Engine.ESPEAK_NG, "xx-klingon", 150, 50))));
    assertEquals("synth.voice = xx-klingon: espeak-ng has no such voice", e.getMessage());
  }

  @Test
  void defaultVoicesAreAllInstalled() throws Exception {
    assertEquals(28, Voice.defaults().size());
    new SpeechSynth(Voice.defaults());
  }
}
