package org.acmasr.server;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.budget.Budget;
import org.acmasr.config.HttpConfig;
import org.acmasr.config.LimitsConfig;
import org.acmasr.config.ServeConfig;
import org.acmasr.config.SessionDefaults;
import org.acmasr.engine.Endpointing;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.engine.SchedulerConfig;
import org.acmasr.engine.Transcript;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.WindowType;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFactory;
import org.acmasr.model.ModelFile;
import org.acmasr.testutil.TestData;

/** A real {@link AsrServer} on an ephemeral loopback port with a tiny random model (runs in milliseconds). */
final class TestServer implements AutoCloseable {
  private static ModelData modelData;
  private static Recognizer recognizer;
  private static float[] speech;

  final Vertx vertx = Vertx.vertx();
  final AsrServer server;
  final int port;
  private final ServeConfig cfg;
  private final CompletableFuture<Engine> engine = new CompletableFuture<>();

  private TestServer(ServeConfig cfg, Recognizer model) throws Exception {
    this.cfg = cfg;
    server = new AsrServer(vertx, cfg, engine);
    try {
      port = server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    if (model != null) attach(model);
  }

  /** Builds the engine on {@code model}, as {@code serve} does once its model is loaded: the server is ready. */
  void attach(Recognizer model) {
    engine.complete(new Engine(model, cfg.engine(), cfg.autoBudget()));
  }

  static TestServer start(ServeConfig cfg) throws Exception {
    return new TestServer(cfg, recognizer());
  }

  /** With another model than the tiny random one. */
  static TestServer start(ServeConfig cfg, Recognizer model) throws Exception {
    return new TestServer(cfg, model);
  }

  /** Started, but the model is not attached yet (the "loading" state). */
  static TestServer startWithoutModel(ServeConfig cfg) throws Exception {
    return new TestServer(cfg, null);
  }

  /** The tiny model with a budget calibration whose floor is {@code floor} (gate input 0.05 spends it). */
  static Recognizer calibrated(double floor) throws Exception {
    ModelData d = modelData();
    java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(d.metadata());
    meta.put(org.acmasr.model.BudgetCalibration.META_KEY, floor + ":0.05,1.0:1.0");
    return new Recognizer(AcmModel.of(new ModelData(d.config(), meta, d.tensors())), RecognizerConfig.defaults());
  }

  /** The tiny model with a front end that declares 8 kHz. */
  static Recognizer at8kHz() throws Exception {
    FbankConfig fbank = new FbankConfig(8000, 80, 25, 10, WindowType.POVEY, 0.97, true, 20, 0, 1e-10, 0, 0);
    ModelConfig cfg = new ModelConfig(fbank, 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
        ModelConfig.englishTokens());
    return new Recognizer(AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 9))),
        RecognizerConfig.defaults());
  }

  /** Loopback, port 0, limits small enough for tests to reach, default endpointing. */
  static ServeConfig config() {
    return ServeConfig.defaults().withHttp(new HttpConfig("127.0.0.1", 0, null, List.of(), 10))
        .withLimits(new LimitsConfig(64 * 1024, 20, 600, 8L << 20))
        .withSession(new SessionDefaults(1.0, Endpointing.defaults()));
  }

  static synchronized ModelData modelData() {
    if (modelData == null) {
      ModelConfig cfg = new ModelConfig(FbankConfig.defaults(), 4, 32, 4, 2, 64, AcmConfig.ffnOnly(4, true, 8), 4, 8,
          ModelConfig.englishTokens());
      modelData = ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 9));
    }
    return modelData;
  }

  static synchronized Recognizer recognizer() throws Exception {
    if (recognizer == null) recognizer = new Recognizer(AcmModel.of(modelData()), RecognizerConfig.defaults());
    return recognizer;
  }

  /** The whole-audio transcript of {@code samples} at budget {@code budget}: what a stream must reproduce. */
  static Transcript offline(float[] samples, double budget) throws Exception {
    return recognizer().transcribe(samples, Budget.fixed(budget));
  }

  /** A server with the default test configuration but these engine settings. */
  static TestServer start(SchedulerConfig engine) throws Exception {
    return start(config().withEngine(engine));
  }

  /** The model as a file (for the CLI). */
  static Path modelFile(Path dir) throws Exception {
    Path p = dir.resolve("tiny.acm");
    if (!Files.exists(p)) ModelFile.write(p, modelData());
    return p;
  }

  /** The 48 kHz cathy clip as 16 kHz mono (3.3 s). */
  static synchronized float[] speech() throws Exception {
    if (speech == null) speech = AudioDecoder.loadMono(TestData.clip(TestData.CLIP_48K), null, 16000);
    return speech;
  }

  /** Waits (up to 30 s) until {@code condition} holds; returns whether it did. */
  static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(10);
    }
    return true;
  }

  /** Streams holding a scheduler slot (live and batch). */
  int openStreams() {
    return server.engine().openStreams();
  }

  WsClient connect(String uri) throws Exception {
    return WsClient.connect(vertx, port, uri, null);
  }

  WsClient listen() throws Exception {
    return connect("/v1/listen");
  }

  Http http() {
    return new Http(vertx, port, false);
  }

  @Override
  public void close() throws Exception {
    server.shutdown(Duration.ofSeconds(2));
    engine.thenAccept(Engine::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
