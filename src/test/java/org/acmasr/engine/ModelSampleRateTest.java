package org.acmasr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.Resampler;
import org.acmasr.budget.Budget;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.WindowType;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import org.acmasr.testutil.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A model whose front end declares 8 kHz is fed 8 kHz: every path resamples to the model's rate. */
class ModelSampleRateTest {
  private static Recognizer recognizer;
  private static float[] speech48k;

  @BeforeAll
  static void setUp() throws Exception {
    FbankConfig fbank8k = new FbankConfig(8000, 80, 25, 10, WindowType.POVEY, 0.97, true, 20, 0, 1e-10, 0, 0);
    ModelConfig cfg = new ModelConfig(fbank8k, 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
    recognizer = new Recognizer(AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 9))),
        RecognizerConfig.defaults());
    speech48k = AudioDecoder.read(TestData.clip(TestData.CLIP_48K), null).downmix();
  }

  @Test
  void theRecognizerTakesTheModelsRate() {
    assertEquals(8000, recognizer.sampleRate());
  }

  @Test
  void aStreamAt48kIsResampledTo8kAndLastsAsLongAsItsAudio() {
    Transcript reference = recognizer.transcribe(Resampler.resample(speech48k, 48000, 8000), Budget.FULL);
    RecognizerStream s = recognizer.createStream(StreamSpec.of(Budget.FULL).withSampleRate(48000));
    s.acceptWaveform(speech48k);
    s.inputFinished();
    List<Segment> finals = new ArrayList<>();
    while (!s.isDone()) {
      recognizer.decode(List.of(s));
      finals.addAll(s.takeFinals());
    }
    double seconds = speech48k.length / 48000.0;
    // Fed as 16 kHz (the old fixed rate), an 8 kHz front end would see twice as many frames.
    assertEquals(seconds, s.decodedSeconds(), 0.2);
    assertEquals(reference.durationSeconds(), seconds, 1e-3);
    assertEquals(reference.segments().stream().map(Segment::text).toList(), finals.stream().map(Segment::text).toList());
  }

  @Test
  void batchTranscriptionOnTheEngineDecodesAtTheModelsRate() throws Exception {
    float[] at8k = AudioDecoder.toMono(AudioDecoder.read(TestData.clip(TestData.CLIP_48K), null), recognizer.sampleRate());
    Transcript offline = recognizer.transcribe(at8k, Budget.fixed(0.5));
    try (Engine engine = new Engine(recognizer, SchedulerConfig.defaults())) {
      Transcript t = engine.transcribe(at8k, Budget.fixed(0.5)).get(60, TimeUnit.SECONDS);
      assertEquals(offline.text(), t.text());
      assertEquals(speech48k.length / 48000.0, t.durationSeconds(), 1e-3);
      assertEquals(t.durationSeconds(), t.frameCompute().length * recognizer.frameSeconds(), 0.2);
    }
  }
}
