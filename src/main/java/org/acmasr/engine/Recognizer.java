package org.acmasr.engine;

import java.util.ArrayList;
import java.util.List;
import org.acmasr.budget.Budget;
import org.acmasr.decode.CharNgramLm;
import org.acmasr.decode.EndpointConfig;
import org.acmasr.decode.Lexicon;
import org.acmasr.decode.TokenSet;
import org.acmasr.decode.WordFusion;
import org.acmasr.features.MelFilterbank;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ChunkInput;
import org.acmasr.model.ChunkOutput;
import org.acmasr.model.ModelFormatException;

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

  /** The rate, in Hz, of the audio the model's front end takes (from the model file); streams resample to it. */
  public int sampleRate() {
    return model.config().fbank().sampleRate();
  }

  /** The lowest budget the model reaches; a lower request spends (and reports) this. 0 = not calibrated. */
  public double minBudget() {
    return Math.round(model.minBudget() * 1e4) / 1e4; // as measured (4 digits), not the float's expansion
  }

  /** The budget a request of β gets: β, raised to {@link #minBudget} when below it. */
  public float effectiveBudget(Budget.Fixed beta) {
    return Math.max(beta.asFloat(), model.minBudget());
  }

  /**
   * A stream driven by its caller ({@link #decode}), not by a scheduler: for {@link #transcribe} and
   * the engine's {@link Engine#open}. An {@code auto} budget starts at full compute until the
   * scheduler steers it.
   */
  RecognizerStream createStream(StreamSpec spec) {
    Budget.Fixed start = spec.budget() instanceof Budget.Fixed f ? f : Budget.FULL;
    EndpointConfig endpoint = spec.endpointing() == null ? config.endpoint() : spec.endpointing().toConfig();
    return new RecognizerStream(this, start, endpoint, spec.sampleRate() == 0 ? sampleRate() : spec.sampleRate());
  }

  /**
   * Decodes one chunk of every ready stream in a single batched forward pass. Streams that are not
   * ready are skipped. A stream must not be in two concurrent calls.
   *
   * @return the number of streams that ran a chunk
   */
  int decode(List<RecognizerStream> streams) {
    return decodePass(streams).streams();
  }

  /** What one {@link #decodePass} did: streams that ran a chunk, and wall nanoseconds of their searches. */
  record Pass(int streams, long searchNanos) {}

  /** {@link #decode}, also timing the beam search (and endpointing) that follows the encoder. */
  Pass decodePass(List<RecognizerStream> streams) {
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
    if (inputs.isEmpty()) return new Pass(0, 0);
    List<ChunkOutput> outputs = model.forwardChunks(inputs);
    long t0 = System.nanoTime();
    for (int i = 0; i < ran.size(); i++) {
      RecognizerStream s = ran.get(i);
      try {
        s.onOutput(outputs.get(i));
      } catch (RuntimeException e) {
        s.fail(e); // one stream's failure never costs the others their results
      }
    }
    return new Pass(ran.size(), System.nanoTime() - t0);
  }

  /**
   * Recognises a whole mono buffer at {@link #sampleRate} through the streaming path, on the calling
   * thread (no scheduler: for commands and evaluation). {@link Engine#transcribe} gives the same result
   * on the shared inference workers.
   */
  public Transcript transcribe(float[] samples, Budget.Fixed budget) {
    long t0 = System.nanoTime();
    RecognizerStream s = createStream(StreamSpec.of(budget));
    s.keepHistory();
    s.acceptWaveform(samples);
    s.inputFinished();
    List<Segment> segments = new ArrayList<>();
    List<RecognizerStream> one = List.of(s);
    while (!s.isDone()) {
      decode(one);
      segments.addAll(s.takeFinals());
    }
    segments.addAll(s.takeFinals());
    return s.transcript(segments, t0);
  }
}
