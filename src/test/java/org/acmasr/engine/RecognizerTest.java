package org.acmasr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.Resampler;
import org.acmasr.budget.Budget;
import org.acmasr.decode.Word;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import org.acmasr.testutil.TestData;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecognizerTest {
  private static Recognizer recognizer;
  private static float[] speech;
  private static float[] speech8k;

  @BeforeAll
  static void setUp() throws Exception {
    recognizer = new Recognizer(TestModels.tinyBudgetFollowing(9), RecognizerConfig.defaults());
    speech = AudioDecoder.loadMono(TestData.clip(TestData.CLIP_48K), null, 16000);
    speech8k = AudioDecoder.decode(java.nio.file.Files.readAllBytes(TestData.clip(TestData.CLIP_8K))).downmix();
  }

  /** Runs a stream fed in random pieces, decoding whenever it is ready, and collects its finals. */
  private static List<Segment> runStream(RecognizerStream s, float[] audio, int rate, Random r, List<Segment> partials) {
    List<Segment> finals = new ArrayList<>();
    int pos = 0;
    while (pos < audio.length) {
      int n = Math.min(audio.length - pos, 1 + r.nextInt(3000));
      s.acceptWaveform(rate, java.util.Arrays.copyOfRange(audio, pos, pos + n));
      pos += n;
      while (s.isReady() && s.pendingFrames() >= recognizer.model().config().chunkFrames()) {
        recognizer.decode(List.of(s));
        partials.add(s.partial());
        finals.addAll(s.takeFinals());
      }
    }
    s.inputFinished();
    while (!s.isDone()) {
      recognizer.decode(List.of(s));
      finals.addAll(s.takeFinals());
    }
    return finals;
  }

  @Test
  void streamingInRandomPiecesEqualsOfflineTranscription() {
    Transcript offline = recognizer.transcribe(speech, Budget.fixed(0.5));
    assertFalse(offline.words().isEmpty(), "a random model still emits symbols");
    for (int trial = 0; trial < 3; trial++) {
      RecognizerStream s = recognizer.createStream(StreamSpec.of(Budget.fixed(0.5)));
      List<Segment> partials = new ArrayList<>();
      List<Segment> finals = runStream(s, speech, 16000, new Random(trial), partials);
      assertEquals(offline.segments().size(), finals.size());
      for (int i = 0; i < finals.size(); i++) {
        assertEquals(offline.segments().get(i).text(), finals.get(i).text());
        assertEquals(offline.segments().get(i).words(), finals.get(i).words());
        assertTrue(finals.get(i).isFinal());
      }
      assertFalse(partials.isEmpty());
      assertFalse(partials.get(0).isFinal());
    }
  }

  @Test
  void resultsCarryTimingsConfidenceAndCompute() {
    Transcript t = recognizer.transcribe(speech, Budget.fixed(0.5));
    double last = 0;
    for (Word w : t.words()) {
      assertTrue(w.start() >= last - 1e-9 && w.end() > w.start() && w.end() <= t.durationSeconds() + 0.05, w.toString());
      assertTrue(w.confidence() > 0 && w.confidence() <= 1, w.toString());
      last = w.end();
    }
    int frames = (int) ((speech.length - 400) / 160 + 1) / 4;
    assertEquals(frames, t.frameCompute().length);
    // Budget-following gates: k = round(4 · 0.5) = 2 of 4 learners everywhere, plus the gate's own cost.
    // d = 32, d_ff = 64: a learner is 2·32·16 = 1024 MACs; the gate (33·8 + 8·8 + 8·5) = 368 MACs.
    double expected = (2 * 1024 + 368) / (4.0 * 1024);
    for (float f : t.frameCompute()) assertEquals(expected, f, 1e-6);
    assertEquals(expected, t.computeUsed(), 1e-9);
    assertEquals(0.5, t.budget());
  }

  @Test
  void streamsBatchedTogetherEqualStreamsAlone() {
    float[][] audios = {speech, java.util.Arrays.copyOf(speech, speech.length / 3),
        java.util.Arrays.copyOfRange(speech, 5000, speech.length)};
    double[] budgets = {1, 0.25, 0.75};
    List<RecognizerStream> streams = new ArrayList<>();
    for (int i = 0; i < audios.length; i++) {
      RecognizerStream s = recognizer.createStream(StreamSpec.of(Budget.fixed(budgets[i])));
      s.acceptWaveform(audios[i]);
      s.inputFinished();
      streams.add(s);
    }
    List<List<Segment>> got = new ArrayList<>();
    for (int i = 0; i < audios.length; i++) got.add(new ArrayList<>());
    while (streams.stream().anyMatch(s -> !s.isDone())) {
      recognizer.decode(streams);
      for (int i = 0; i < streams.size(); i++) got.get(i).addAll(streams.get(i).takeFinals());
    }
    for (int i = 0; i < audios.length; i++) {
      Transcript alone = recognizer.transcribe(audios[i], Budget.fixed(budgets[i]));
      assertEquals(alone.segments().stream().map(Segment::text).toList(), got.get(i).stream().map(Segment::text).toList(),
          "stream " + i);
    }
  }

  @Test
  void nativeRateInputIsResampledInsideTheStream() {
    Transcript offline = recognizer.transcribe(Resampler.resample(speech8k, 8000, 16000), Budget.fixed(1));
    List<Segment> finals = runStream(recognizer.createStream(StreamSpec.of(Budget.fixed(1)).withSampleRate(8000)), speech8k, 8000, new Random(3), new ArrayList<>());
    assertEquals(offline.segments().stream().map(Segment::text).toList(), finals.stream().map(Segment::text).toList());
  }

  @Test
  void misuseIsRejectedWithClearErrors() {
    assertEquals("budget = 0.0: must be in (0, 1]",
        assertThrows(IllegalArgumentException.class, () -> recognizer.createStream(StreamSpec.of(Budget.fixed(0)))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> recognizer.createStream(StreamSpec.of(Budget.fixed(1.5))));
    RecognizerStream s = recognizer.createStream(StreamSpec.of(Budget.FULL));
    assertThrows(IllegalArgumentException.class, () -> s.setBudget(Budget.fixed(-1)));
    s.acceptWaveform(new float[1600]);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.acceptWaveform(8000, new float[10]));
    assertTrue(e.getMessage().contains("sample rate changed"), e.getMessage());
    s.inputFinished();
    assertThrows(IllegalStateException.class, () -> s.acceptWaveform(new float[10]));
    assertThrows(IllegalArgumentException.class, () -> RecognizerConfig.defaults().withBeamWidth(0));
  }

  /** A client sending NaN/∞ samples gets silence for them; a stream batched with it is unaffected. */
  @Test
  void nonFiniteAudioDoesNotPoisonTheBatch() {
    float[] bad = speech.clone();
    for (int i = 0; i < bad.length; i += 97) {
      bad[i] = switch (i % 4) {
        case 0 -> Float.NaN;
        case 1 -> Float.POSITIVE_INFINITY;
        case 2 -> 1e38f; // finite, but its power overflows the front end: clipped
        default -> -1e38f;
      };
    }
    RecognizerStream poisoned = recognizer.createStream(StreamSpec.of(Budget.fixed(1)));
    RecognizerStream good = recognizer.createStream(StreamSpec.of(Budget.fixed(1)));
    poisoned.acceptWaveform(bad);
    good.acceptWaveform(speech);
    poisoned.inputFinished();
    good.inputFinished();
    List<Segment> goodFinals = new ArrayList<>();
    List<Segment> badFinals = new ArrayList<>();
    while (!good.isDone() || !poisoned.isDone()) {
      recognizer.decode(List.of(poisoned, good));
      goodFinals.addAll(good.takeFinals());
      badFinals.addAll(poisoned.takeFinals());
    }
    assertEquals(recognizer.transcribe(speech, Budget.fixed(1)).segments().stream().map(Segment::text).toList(),
        goodFinals.stream().map(Segment::text).toList());
    for (Segment s : badFinals) for (Word w : s.words()) assertTrue(Double.isFinite(w.confidence()));
  }

  @Test
  void beamSearchRecognizerRuns() {
    Recognizer beam = new Recognizer(recognizer.model(), RecognizerConfig.defaults().withBeamWidth(8));
    Transcript t = beam.transcribe(speech, Budget.fixed(1));
    assertArrayEquals(recognizer.transcribe(speech, Budget.fixed(1)).frameCompute(), t.frameCompute());
    assertFalse(t.text().isEmpty());
  }

  /** A budget change takes effect at its point in the stream, however far decoding lags behind it. */
  @Test
  void configureIsExactAtItsPositionInTheStream() {
    RecognizerStream s = recognizer.createStream(StreamSpec.of(Budget.fixed(1)).withEndpointing(Endpointing.off()));
    s.keepHistory();
    s.acceptWaveform(java.util.Arrays.copyOf(speech, 32000)); // 2 s queued, nothing decoded yet
    int before = s.pendingFrames();
    s.setBudget(Budget.fixed(0.25));
    assertEquals(1.0f, s.budget(), "still 1 for the audio before the change");
    s.acceptWaveform(java.util.Arrays.copyOfRange(speech, 32000, speech.length));
    s.inputFinished();
    while (!s.isDone()) {
      recognizer.decode(List.of(s));
      s.takeFinals();
    }
    float[] compute = s.frameComputeHistory();
    assertTrue(before > 10 && compute.length > before + 10, before + " of " + compute.length);
    // The gates follow β (k = round(4 β) of 4 learners): every frame before the change spends more than
    // every frame after it (before the fix, the change applied to the 2 s still waiting as well).
    double minBefore = Double.MAX_VALUE;
    double maxAfter = 0;
    for (int i = 0; i < compute.length; i++) {
      if (i < before) minBefore = Math.min(minBefore, compute[i]);
      else maxAfter = Math.max(maxAfter, compute[i]);
    }
    assertTrue(minBefore > 0.9 && maxAfter < 0.5 && minBefore > 2 * maxAfter, minBefore + " before, " + maxAfter
        + " after the change at frame " + before);
    assertEquals(0.25f, s.budget());
  }

  /** Decodes whatever is ready now (as a scheduler would) and returns the finals it produced. */
  private static List<Segment> decodeReady(RecognizerStream s) {
    List<Segment> finals = new ArrayList<>();
    while (s.isReady()) {
      recognizer.decode(List.of(s));
      finals.addAll(s.takeFinals());
    }
    finals.addAll(s.takeFinals());
    return finals;
  }

  @Test
  void finalizeClosesTheSegmentAtTheAudioReceivedAndKeepsTheStreamOpen() {
    RecognizerStream s = recognizer.createStream(StreamSpec.of(Budget.fixed(1)).withEndpointing(Endpointing.off()));
    s.acceptWaveform(java.util.Arrays.copyOf(speech, 16000));
    assertTrue(decodeReady(s).isEmpty(), "no endpoints when endpointing is off");
    s.finalizeSegment();
    assertTrue(s.isReady(), "a finalize request makes the stream ready");
    List<Segment> first = decodeReady(s);
    assertEquals(1, first.size());
    assertEquals(1, s.finalizedSegments());
    Segment f = first.get(0);
    assertTrue(f.isFinal());
    assertEquals(0, f.index());
    // 1 s = 98 log-mel frames = 24 encoder frames of 40 ms: all of them decoded, the short last chunk included.
    assertEquals(0.96, f.end(), 1e-9);
    assertEquals(24, f.frameCompute().length);
    assertFalse(f.text().isEmpty(), "a random model emits symbols");

    s.finalizeSegment(); // nothing new: an empty final, still delivered
    List<Segment> empty = decodeReady(s);
    assertEquals(1, empty.size());
    assertEquals("", empty.get(0).text());
    assertEquals(empty.get(0).start(), empty.get(0).end());
    assertEquals(1, empty.get(0).index());
    assertEquals(2, s.finalizedSegments());

    s.acceptWaveform(java.util.Arrays.copyOfRange(speech, 16000, speech.length));
    s.inputFinished();
    s.finalizeSegment(); // ignored after the end of the input
    List<Segment> rest = decodeReady(s);
    assertTrue(s.isDone());
    assertEquals(2, s.finalizedSegments());
    assertEquals(1, rest.size(), "the end of the input closes the last segment");
    assertEquals(0.96, rest.get(0).start(), 1e-9);
    assertEquals(2, rest.get(0).index());
  }

  @Test
  void endpointingInClientTermsIsValidatedAndCanBeTurnedOff() {
    assertEquals("endpointing.silence_after_speech = 0.0: must be > 0 seconds",
        assertThrows(IllegalArgumentException.class, () -> new Endpointing(1, 0, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Endpointing(Double.NaN, 1, 1));
    assertFalse(Endpointing.off().enabled());
    assertTrue(Endpointing.defaults().enabled());
    // A long clip without endpointing is one segment; with a 40 ms maximum utterance, many.
    RecognizerStream off = recognizer.createStream(StreamSpec.of(Budget.fixed(1)).withEndpointing(Endpointing.off()));
    off.acceptWaveform(speech);
    off.inputFinished();
    assertEquals(1, decodeReady(off).size());
    RecognizerStream tight = recognizer.createStream(StreamSpec.of(Budget.fixed(1)).withEndpointing(new Endpointing(Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY, 0.32)));
    tight.acceptWaveform(speech);
    tight.inputFinished();
    List<Segment> segs = decodeReady(tight);
    assertTrue(segs.size() > 3, "segments of at most 0.32 s: " + segs.size());
    for (Segment seg : segs) assertTrue(seg.end() - seg.start() <= 0.32 + 1e-9, seg.toString());
  }
}
