package org.acmasr.engine;

import java.util.ArrayList;
import java.util.List;
import org.acmasr.decode.CharNgramLm;
import org.acmasr.decode.Lexicon;
import org.acmasr.decode.TokenSet;
import org.acmasr.decode.WordFusion;
import org.acmasr.model.ModelFormatException;
import org.acmasr.features.MelFilterbank;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ChunkInput;
import org.acmasr.model.ChunkOutput;

/**
 * The shared, immutable recognizer: one model, one decoding configuration, any number of streams.
 * Holds no stream state (streams own theirs), so it is safe to use from many threads.
 */
public final class Recognizer {
  private final AcmModel model;
  private final RecognizerConfig config;
  private final TokenSet tokens;
  private final MelFilterbank mel;
  private final CharNgramLm lm;
  private final Lexicon lexicon;
  private final WordFusion wordFusion;

  /**
   * @throws IllegalArgumentException when the model carries a malformed language model or lexicon
   */
  public Recognizer(AcmModel model, RecognizerConfig config) {
    this.model = model;
    this.config = config;
    try {
      this.lm = config.lmWeight() > 0 ? LanguageModelTensors.read(model.data()).orElse(null) : null;
      this.lexicon = config.oovPenalty() > 0 ? LanguageModelTensors.readLexicon(model.data()).orElse(null) : null;
    } catch (ModelFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    this.tokens = new TokenSet(model.config().tokens());
    try {
      this.wordFusion = config.wordLmWeight() > 0 && config.beamWidth() > 1
          ? WordLmTensors.read(model.data()).map(lm -> new WordFusion(lm, tokens)).orElse(null) : null;
    } catch (ModelFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    this.mel = new MelFilterbank(model.config().fbank());
  }

  public AcmModel model() {
    return model;
  }

  public RecognizerConfig config() {
    return config;
  }

  /** The language model used in beam search, or null (none in the model, or weight 0). */
  CharNgramLm languageModel() {
    return lm;
  }

  /** The lexicon used in beam search, or null (none in the model, or penalty 0). */
  Lexicon lexicon() {
    return lexicon;
  }

  /** The word language model with its lexicon used in beam search, or null (none in the model, or weight 0). */
  WordFusion wordFusion() {
    return wordFusion;
  }

  TokenSet tokens() {
    return tokens;
  }

  MelFilterbank melFilterbank() {
    return mel;
  }

  /** Seconds per encoder frame (the time step of results and of per-frame compute). */
  public double frameSeconds() {
    return model.config().frameSeconds();
  }

  /**
   * The ND4J backend and device the models run on, as one log line ({@code ND4J backend CPU ..., device:
   * cpu, ...} or {@code ND4J backend CUDA ..., device 0: ...}).
   */
  public static String computeBackend() {
    return org.acmasr.model.ComputeBackend.describe();
  }

  /** The model's name from its metadata, or {@code "unnamed"}. */
  public String modelName() {
    return model.data().metadata().getOrDefault("name", "unnamed");
  }

  /** The lowest budget the model reaches; a lower request spends (and reports) this. 0 = not calibrated. */
  public double minBudget() {
    return Math.round(model.minBudget() * 1e4) / 1e4; // as measured (4 digits), not the float's expansion
  }

  /**
   * The budget a request of β gets: β, raised to {@link #minBudget} when below it.
   *
   * @throws IllegalArgumentException when β is outside (0, 1]
   */
  public float effectiveBudget(double beta) {
    return Math.max(Budget.check(beta), model.minBudget());
  }

  public RecognizerStream createStream() {
    return new RecognizerStream(this, config.defaultBudget(), config.endpoint());
  }

  /** @throws IllegalArgumentException when β is outside (0, 1] */
  public RecognizerStream createStream(double budget) {
    return new RecognizerStream(this, Budget.check(budget), config.endpoint());
  }

  /**
   * A stream with its own endpointing rules (for clients that set them per session).
   *
   * @throws IllegalArgumentException when β is outside (0, 1]
   */
  public RecognizerStream createStream(double budget, org.acmasr.decode.EndpointConfig endpoint) {
    return new RecognizerStream(this, Budget.check(budget), java.util.Objects.requireNonNull(endpoint, "endpoint"));
  }

  /**
   * A stream with per-session endpointing in client terms.
   *
   * @throws IllegalArgumentException when β is outside (0, 1]
   */
  public RecognizerStream createStream(double budget, Endpointing endpointing) {
    return createStream(budget, endpointing.toConfig());
  }

  /**
   * Decodes one chunk of every ready stream in a single batched forward pass. Streams that are not
   * ready are skipped. A stream must not be in two concurrent calls.
   *
   * @return the number of streams that ran a chunk
   */
  public int decode(List<RecognizerStream> streams) {
    List<RecognizerStream> ran = new ArrayList<>();
    List<ChunkInput> inputs = new ArrayList<>();
    for (RecognizerStream s : streams) {
      if (!s.isReady()) continue;
      ChunkInput in = s.takeChunk();
      if (in != null) {
        ran.add(s);
        inputs.add(in);
      }
    }
    if (inputs.isEmpty()) return 0;
    List<ChunkOutput> outputs = model.forwardChunks(inputs);
    for (int i = 0; i < ran.size(); i++) {
      RecognizerStream s = ran.get(i);
      try {
        s.onOutput(outputs.get(i));
      } catch (RuntimeException e) {
        s.fail(e); // one stream's failure never costs the others their results
      }
    }
    return ran.size();
  }

  /** Offline convenience: recognises a whole 16 kHz mono buffer through the streaming path. */
  public Transcript transcribe(float[] samples16k, double budget) {
    long t0 = System.nanoTime();
    RecognizerStream s = createStream(budget);
    s.keepHistory();
    s.acceptWaveform(samples16k);
    s.inputFinished();
    List<Segment> segments = new ArrayList<>();
    List<RecognizerStream> one = List.of(s);
    while (!s.isDone()) {
      decode(one);
      segments.addAll(s.takeFinals());
    }
    segments.addAll(s.takeFinals());
    double seconds = samples16k.length / 16000.0;
    return Transcript.of(segments, seconds, s.budget(), s.computeUsed(), s.frameComputeHistory(),
        (System.nanoTime() - t0) / 1e9);
  }
}
