package org.acmasr.kafka;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.acmasr.config.KafkaConfig;
import org.acmasr.engine.Engine;

/**
 * Batch transcription from Kafka as a verticle: deploy it on any Vert.x instance next to (or without)
 * the WebSocket service, given the {@link Engine} (which it receives, never builds) and a configuration.
 * The consume-transform-produce loop runs on a dedicated thread it owns, never on the event loop; model
 * work runs on the engine's inference threads. {@code start} completes once the instance holds its transactional id and has
 * joined the group; {@code stop} abandons the requests in progress (its transaction is aborted, so
 * another instance or a restart redoes them), frees their streams and closes the clients. Undeploy it
 * before closing the engine.
 */
public final class KafkaTranscriptionVerticle extends VerticleBase {
  private final Engine engine;
  private final KafkaConfig config;
  private final String modelId;
  private TranscriptionLoop loop;

  /** @param modelId written on every transcript (e.g. the model's name and checksum) */
  public KafkaTranscriptionVerticle(Engine engine, KafkaConfig config, String modelId) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.config = Objects.requireNonNull(config, "config");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
  }

  @Override
  public Future<?> start() {
    loop = new TranscriptionLoop(engine, config, modelId);
    Thread t = new Thread(loop, "acm-kafka-" + config.instanceId());
    t.setDaemon(true);
    t.start();
    return Future.fromCompletionStage(loop.started(), context);
  }

  @Override
  public Future<?> stop() {
    loop.stop();
    return Future.fromCompletionStage(loop.finished().exceptionally(e -> null), context);
  }

  public KafkaConfig kafkaConfig() {
    return config;
  }

  /** Counts of what this instance committed. */
  public WorkerStats stats() {
    return loop.stats();
  }

  /** Completes when the loop ends: normally after {@code stop}, exceptionally when it stopped on a fatal error. */
  public CompletableFuture<Void> finished() {
    return loop.finished();
  }
}
