package org.acmasr.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acmasr.engine.BatchStats;
import org.acmasr.server.protocol.ErrorCode;

/**
 * The service's Prometheus metrics (names as exported):
 * <ul>
 *   <li>{@code acm_active_streams}: WebSocket streams decoding now</li>
 *   <li>{@code acm_streams_started_total}, {@code acm_batch_requests_total}</li>
 *   <li>{@code acm_audio_received_seconds_total{source=stream|batch}}: audio taken in</li>
 *   <li>{@code acm_audio_decoded_seconds_total}, {@code acm_inference_seconds_total}: their ratio over
 *       a window is the real-time factor; {@code acm_real_time_factor} is its distribution per batched
 *       forward pass</li>
 *   <li>{@code acm_search_seconds_total}: the part of {@code acm_inference_seconds_total} spent in the
 *       beam search after the encoder (the rest is the encoder's)</li>
 *   <li>{@code acm_batch_streams}: streams per forward pass</li>
 *   <li>{@code acm_compute_fraction}: adaptive compute spent over the static model's, per forward
 *       pass; {@code acm_compute_adaptive_macs_total} / {@code acm_compute_static_macs_total} exactly</li>
 *   <li>{@code acm_partial_latency_seconds}, {@code acm_final_latency_seconds}: histograms</li>
 *   <li>{@code acm_rejections_total{reason}}: refused sessions and requests (overloaded,
 *       shutting_down, not_ready, unauthorized)</li>
 *   <li>{@code acm_errors_total{code}}: every error sent, by code</li>
 *   <li>{@code acm_backpressure_pauses_total}: times a socket was paused because its stream's queue was full</li>
 * </ul>
 * plus JVM memory and process CPU.
 */
public final class ServerMetrics {
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(500),
      Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final java.util.List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>(); // meters' state
  private final AtomicInteger activeStreams = new AtomicInteger();
  private final Counter streamsStarted;
  private final Counter batchRequests;
  private final Counter audioStream;
  private final Counter audioBatch;
  private final Counter decoded;
  private final Counter inference;
  private final Counter search;
  private final DistributionSummary rtf;
  private final DistributionSummary batchStreams;
  private final DistributionSummary computeFraction;
  private final Counter adaptiveMacs;
  private final Counter staticMacs;
  private final Counter pauses;
  private final DistributionSummary segmentBudgetFixed;
  private final DistributionSummary segmentBudgetAuto;
  private final Timer partialLatency;
  private final Timer finalLatency;

  public ServerMetrics() {
    Gauge.builder("acm.active.streams", activeStreams, AtomicInteger::get)
        .description("WebSocket streams decoding now").register(registry);
    streamsStarted = Counter.builder("acm.streams.started").description("WebSocket streams started").register(registry);
    batchRequests = Counter.builder("acm.batch.requests").description("POST /v1/transcribe requests transcribed")
        .register(registry);
    audioStream = audio("stream");
    audioBatch = audio("batch");
    decoded = Counter.builder("acm.audio.decoded").baseUnit("seconds").description("Audio decoded by the model")
        .register(registry);
    inference = Counter.builder("acm.inference").baseUnit("seconds")
        .description("Wall time of batched forward passes").register(registry);
    search = Counter.builder("acm.search").baseUnit("seconds")
        .description("Part of the forward passes' wall time spent in the beam search after the encoder")
        .register(registry);
    rtf = DistributionSummary.builder("acm.real.time.factor")
        .description("Processing time over audio time, per batched forward pass").register(registry);
    batchStreams = DistributionSummary.builder("acm.batch.streams").description("Streams per batched forward pass")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry);
    computeFraction = DistributionSummary.builder("acm.compute.fraction")
        .description("Adaptive compute spent over the static model's, per batched forward pass").register(registry);
    adaptiveMacs = Counter.builder("acm.compute.adaptive.macs").description("Adaptive multiply-adds executed")
        .register(registry);
    staticMacs = Counter.builder("acm.compute.static.macs")
        .description("Adaptive multiply-adds the static model would have executed").register(registry);
    pauses = Counter.builder("acm.backpressure.pauses")
        .description("Times a stream's socket was paused because its queue was full").register(registry);
    segmentBudgetFixed = DistributionSummary.builder("acm.segment.budget").tag("mode", "fixed")
        .description("Budget used per final segment of WebSocket streams").register(registry);
    segmentBudgetAuto = DistributionSummary.builder("acm.segment.budget").tag("mode", "auto")
        .description("Budget used per final segment of WebSocket streams").register(registry);
    partialLatency = latency("acm.partial.latency",
        "From the arrival of the audio that completed a chunk to its partial being sent");
    finalLatency = latency("acm.final.latency",
        "From the arrival of the audio that ended a segment (or the finalize/close request) to its final being sent");
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  private Counter audio(String source) {
    return Counter.builder("acm.audio.received").baseUnit("seconds").tag("source", source)
        .description("Audio received").register(registry);
  }

  private Timer latency(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS)
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
  }

  /**
   * Another front door's counter (e.g. the Kafka worker inside {@code serve --kafka}), read at scrape time.
   *
   * @param name dotted Micrometer name ({@code acm.kafka.records} is scraped as {@code acm_kafka_records_total})
   */
  public void counter(String name, String description, java.util.function.DoubleSupplier value) {
    held.add(value); // Micrometer keeps only a weak reference to a function's state
    io.micrometer.core.instrument.FunctionCounter.builder(name, value, java.util.function.DoubleSupplier::getAsDouble)
        .description(description).register(registry);
  }

  /** Another front door's gauge, read at scrape time. */
  public void gauge(String name, String description, java.util.function.DoubleSupplier value) {
    held.add(value);
    io.micrometer.core.instrument.Gauge.builder(name, value, java.util.function.DoubleSupplier::getAsDouble)
        .description(description).register(registry);
  }

  /** One batched forward pass (called on an inference thread). */
  void onBatch(BatchStats b) {
    batchStreams.record(b.streams());
    double seconds = b.nanos() / 1e9;
    inference.increment(seconds);
    search.increment(b.searchNanos() / 1e9);
    decoded.increment(b.audioSeconds());
    if (b.audioSeconds() > 0) rtf.record(seconds / b.audioSeconds());
    adaptiveMacs.increment(b.adaptiveMacs());
    staticMacs.increment(b.adaptiveStatic());
    if (b.adaptiveStatic() > 0) computeFraction.record(b.adaptiveMacs() / b.adaptiveStatic());
  }

  void streamStarted() {
    streamsStarted.increment();
    activeStreams.incrementAndGet();
  }

  void streamEnded() {
    activeStreams.decrementAndGet();
  }

  void batchRequest(double audioSeconds) {
    batchRequests.increment();
    audioBatch.increment(audioSeconds);
  }

  void streamAudio(double seconds) {
    audioStream.increment(seconds);
  }

  void paused() {
    pauses.increment();
  }

  /** A final segment of a WebSocket stream, decoded at {@code budget} (for an auto stream: as steered). */
  void segmentBudget(double budget, boolean auto) {
    (auto ? segmentBudgetAuto : segmentBudgetFixed).record(budget);
  }

  /** The level the engine steers auto streams to now, scraped as {@code acm_auto_budget_level}. */
  void autoBudgetLevel(java.util.function.DoubleSupplier level) {
    gauge("acm.auto.budget.level", "Budget the engine steers auto streams to now (each never below its floor)",
        level);
  }

  /** Wall seconds the inference workers spent in batched forward passes so far. */
  public double inferenceSeconds() {
    return inference.count();
  }

  /** The part of {@link #inferenceSeconds} spent in the beam search after the encoder. */
  public double searchSeconds() {
    return search.count();
  }

  /** Seconds of audio received over WebSocket streams so far. */
  public double streamAudioSeconds() {
    return audioStream.count();
  }

  /** Times a stream's socket was paused for backpressure. */
  public double backpressurePauses() {
    return pauses.count();
  }

  void partialLatency(long nanos) {
    partialLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  void finalLatency(long nanos) {
    finalLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  void rejected(ErrorCode reason) {
    registry.counter("acm.rejections", "reason", reason.wire()).increment();
  }

  void error(ErrorCode code) {
    registry.counter("acm.errors", "code", code.wire()).increment();
  }

  /** Active WebSocket streams. */
  public int activeStreams() {
    return activeStreams.get();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
