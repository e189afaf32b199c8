package org.acmasr.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.acmasr.config.ConfigLoader;
import org.acmasr.config.KafkaConfig;
import org.acmasr.config.ServeConfig;
import org.acmasr.config.ServiceConfig;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.kafka.KafkaTranscriptionVerticle;
import org.acmasr.model.AcmModel;
import org.acmasr.server.AsrServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", header = "Run the live captioning service (WebSocket, HTTP, web page, Vosk protocol, optional Kafka worker).", mixinStandardHelpOptions = true,
    description = {"Run the live captioning service: WebSocket /v1/listen, POST /v1/transcribe, /healthz, /readyz,",
        "/metrics (Prometheus), the web page at /, and the Vosk-compatible WebSocket /v1/vosk (and / on --vosk-port).",
        "Settings come from --config (JSON), then ACM_* environment variables, then these options. SIGTERM drains: new sessions are refused, open streams get their finals."})
final class ServeCommand extends CliCommand {
  @Option(names = "--config", paramLabel = "FILE", description = "JSON configuration (see deploy/acm-asr.example.json).")
  Path configFile;

  @Mixin
  ModelOptions modelOptions;

  @Mixin
  DecodeOptions decode;

  @Option(names = "--port", paramLabel = "N", description = "Port to listen on (overrides server.port; 0 = any free port).")
  Integer port;

  @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (overrides server.host).")
  String host;

  @Option(names = "--vosk-port", paramLabel = "N",
      description = "Also listen on this port for Vosk WebSocket clients, at / (overrides vosk.port; vosk-server "
          + "uses 2700; 0 = any free port). /v1/vosk on the main port is always there.")
  Integer voskPort;

  @Option(names = "--kafka", paramLabel = "HOST:PORT[,...]",
      description = "Also run the Kafka transcription worker against these brokers, on the same engine and batching "
          + "(its settings: the config file's kafka section).")
  String kafkaBootstrap;

  @Option(names = "--instance-id", paramLabel = "ID",
      description = "With --kafka: this instance's id (overrides kafka.instance_id; default the host name).")
  String instanceId;

  @Override
  public Integer call() throws Exception {
    ServiceConfig all = ConfigLoader.load(configFile, System.getenv());
    Warnings.print(stderr(), all);
    ServeConfig cfg = all.serve();
    if (port != null) cfg = cfg.withHttp(cfg.http().withPort(port));
    if (host != null) cfg = cfg.withHttp(cfg.http().withHost(host));
    if (voskPort != null) cfg = cfg.withVosk(cfg.vosk().withPort(voskPort));
    if (modelOptions.model == null) modelOptions.model = cfg.model();
    if (modelOptions.model == null && !ModelOptions.defaultAvailable()) {
      throw new IllegalArgumentException("no model: pass --model FILE or set model.path (ACM_MODEL_PATH); "
          + "this build ships no default model yet");
    }
    PrintWriter out = stdout();
    Vertx vertx = Vertx.vertx();
    CompletableFuture<Engine> engine = new CompletableFuture<>(); // built below, once the port answers
    AsrServer server = new AsrServer(vertx, cfg, engine);
    int bound;
    try {
      bound = server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      vertx.close();
      throw new IOException("cannot listen on " + cfg.http().host() + ":" + cfg.http().port() + ": "
          + e.getCause().getMessage(), e.getCause());
    }
    String scheme = tlsScheme(cfg, "http");
    out.printf("acm-asr serve: listening on %s://%s:%d (loading the model)%n", scheme, cfg.http().host(), bound);
    if (server.voskPort() >= 0) {
      out.printf("acm-asr serve: vosk protocol on %s://%s:%d/%n", tlsScheme(cfg, "ws"), cfg.http().host(), server.voskPort());
    }
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Duration grace = Duration.ofMillis((long) (cfg.http().shutdownGraceSeconds() * 1000));
    AtomicReference<String> kafkaWorker = new AtomicReference<>();
    Thread hook = new Thread(() -> {
      try {
        String worker = kafkaWorker.get();
        if (worker != null) vertx.undeploy(worker).await(); // its open transaction aborts; it leaves the group
        server.shutdown(grace);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        engine.thenAccept(Engine::close); // after both front doors have stopped
        vertx.close();
        stopped.countDown();
      }
    }, "acm-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      AcmModel model = modelOptions.load();
      Engine e = new Engine(new Recognizer(model, decode.config(model, cfg.decoder())), cfg.engine(),
          cfg.autoBudget());
      engine.complete(e); // the server is ready from now on
      if (kafkaBootstrap != null) {
        KafkaConfig kc = KafkaOptions.override(all.kafka(), kafkaBootstrap, instanceId);
        KafkaTranscriptionVerticle worker = new KafkaTranscriptionVerticle(e, kc, ModelOptions.modelId(model));
        kafkaWorker.set(vertx.deployVerticle(worker).await());
        KafkaMetrics.register(server.metrics(), worker);
        out.printf("acm-asr serve: kafka worker %s: %s -> %s, group %s%n", kc.instanceId(), kc.audioTopic(),
            kc.transcriptTopic(), kc.groupId());
      }
    } catch (IOException | RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      hook.run();
      throw e;
    }
    out.printf("acm-asr serve: ready (%d stream slots, %d inference worker(s)); open %s://%s:%d/%n",
        cfg.engine().maxStreams(), cfg.engine().workers(), scheme, cfg.http().host(), bound);
    out.flush();
    stopped.await();
    return 0;
  }

  private static String tlsScheme(ServeConfig cfg, String plain) {
    return cfg.http().tls() == null ? plain : plain + "s";
  }
}
