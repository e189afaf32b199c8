package org.acmasr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.config.ConfigLoader;
import org.acmasr.config.HttpConfig;
import org.acmasr.config.ServeConfig;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelFactory;
import org.acmasr.server.AsrServer;
import org.acmasr.server.client.ListenClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ws", mixinStandardHelpOptions = true,
    description = {"Load test of the live service: N concurrent real-time streams of FILE over loopback WebSockets.",
        "Runs the server in this process (default architecture, random weights with budget-following gates, unless",
        "--model) or targets --url. Reports partial latency (send time of the frame that completed the audio -> ",
        "partial arrival), final latency (close sent -> last final), errors and process CPU, per stream count."})
final class BenchWsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "Audio each stream sends (looped or cut to --seconds).")
  Path file;

  @Option(names = "--streams", split = ",", defaultValue = "20",
      description = "Concurrent streams; a list runs each in turn (default: ${DEFAULT-VALUE}).")
  int[] streams;

  @Option(names = "--seconds", defaultValue = "30", description = "Audio per stream (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--frame-ms", defaultValue = "100", description = "Audio per message (default: ${DEFAULT-VALUE}).")
  int frameMs;

  @Option(names = "--budget", defaultValue = "1", description = "Compute budget of every stream (default: ${DEFAULT-VALUE}).")
  double budget;

  @Option(names = "--target-ms", defaultValue = "500",
      description = "p95 partial latency a stream count must stay under (default: ${DEFAULT-VALUE}).")
  double targetMs;

  @Option(names = "--warmup", defaultValue = "10",
      description = "Seconds of a warm-up run first, with min(32, most streams) streams (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--url", description = "Bench a running server at this /v1/listen URL instead of an in-process one.")
  URI url;

  @Option(names = "--token", description = "API key for --url.")
  String token;

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration of the in-process server (as for serve).")
  Path configFile;

  @Mixin
  ModelOptions modelOptions;

  @Spec
  CommandSpec spec;

  private record Row(int streams, int peak, int partials, double p50, double p95, double p99, double max, double final50,
      double final95, int errors, double cpuCores, double inferenceBusy, boolean holds) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    float[] clip = AudioDecoder.loadMono(file, null, ListenClient.SAMPLE_RATE); // what the clients stream
    float[] audio = loop(clip, (int) Math.round(seconds * ListenClient.SAMPLE_RATE));
    int most = Arrays.stream(streams).max().orElse(1);
    Vertx vertx = Vertx.vertx();
    AsrServer server = null;
    Engine engine = null;
    try {
      URI target = url;
      String description = "server " + url;
      if (target == null) {
        ServeConfig cfg = ConfigLoader.load(configFile, System.getenv()).serve();
        if (configFile == null) cfg = cfg.withEngine(cfg.engine().withMaxStreams(Math.max(cfg.engine().maxStreams(), most)));
        cfg = cfg.withHttp(new HttpConfig("127.0.0.1", 0, null, List.of(), 5));
        if (configFile == null) cfg = cfg.withLimits(cfg.limits().withClientLimits(0, cfg.limits().noAudioTimeoutSeconds()));
        boolean real = modelOptions.model != null || ModelOptions.defaultAvailable();
        AcmModel model = real ? modelOptions.load()
            : AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(ModelFactory.defaultConfig(), 1)));
        engine = new Engine(new Recognizer(model, DecodeOptions.recommended(model, cfg.beamWidth())), cfg.engine(),
            cfg.autoBudget());
        server = new AsrServer(vertx, cfg, CompletableFuture.completedFuture(engine));
        int port = server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        target = URI.create("ws://127.0.0.1:" + port + "/v1/listen");
        description = String.format(Locale.ROOT, "in-process server at %s (%s model; %d worker(s), max batch %d, window %d ms)",
            target, modelOptions.model != null ? modelOptions.model.getFileName().toString()
                : real ? "default " + model.data().metadata().getOrDefault("name", "") : "default-architecture random",
            cfg.engine().workers(), cfg.engine().maxBatch(), cfg.engine().batchWindowMs());
      }
      out.printf(Locale.ROOT, "bench ws: %s x %.0f s of %s, %d ms frames in real time, budget %.2f; %s; %d CPU(s)%n",
          Arrays.toString(streams), seconds, file.getFileName(), frameMs, budget, description,
          Runtime.getRuntime().availableProcessors());
      out.flush();
      try (ListenClient client = new ListenClient(vertx, true)) {
        if (warmup > 0) { // lets the JIT compile the paths full batches take
          run(vertx, client, target, loop(clip, (int) Math.round(warmup * ListenClient.SAMPLE_RATE)), Math.min(32, most),
              server);
        }
        out.println("| streams | peak open on server | partials | partial p50 ms | p95 ms | p99 ms | max ms | final p50 ms "
            + "| final p95 ms | errors | CPU cores busy | inference thread busy | p95 <= " + (int) targetMs + " ms, no errors |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        int largest = 0;
        for (int n : streams) {
          Row r = run(vertx, client, target, audio, n, server);
          out.printf(Locale.ROOT, "| %d | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %.2f | %s | %s |%n",
              r.streams(), r.peak() < 0 ? "n/a" : Integer.toString(r.peak()), r.partials(), r.p50(), r.p95(), r.p99(), r.max(), r.final50(), r.final95(), r.errors(),
              r.cpuCores(), Double.isNaN(r.inferenceBusy()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * r.inferenceBusy()),
              r.holds() ? "yes" : "no");
          out.flush();
          if (r.holds()) largest = Math.max(largest, n);
        }
        out.printf("largest stream count holding p95 partial latency <= %.0f ms with no errors: %s%n", targetMs,
            largest == 0 ? "none" : Integer.toString(largest));
      }
    } finally {
      if (server != null) server.shutdown(Duration.ofSeconds(5));
      if (engine != null) engine.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    return 0;
  }

  /** @param server the in-process server (for its inference time), or null */
  private Row run(Vertx vertx, ListenClient client, URI target, float[] audio, int n, AsrServer server) throws Exception {
    ObjectNode start = new ObjectMapper().createObjectNode().put("budget", budget);
    ListenClient.Settings settings = new ListenClient.Settings(target, token, start, frameMs, true);
    Random random = new Random(n);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    double inference0 = server == null ? 0 : server.metrics().inferenceSeconds();
    java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger(server == null ? -1 : 0);
    long sampler = server == null ? -1
        : vertx.setPeriodic(50, t -> peak.accumulateAndGet(server.metrics().activeStreams(), Math::max));
    long t0 = System.nanoTime();
    List<CompletableFuture<ListenClient.Outcome>> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CompletableFuture<ListenClient.Outcome> f = new CompletableFuture<>();
      runs.add(f);
      // Clients do not arrive in step: each starts at a random point of the first frame period.
      vertx.setTimer(1 + random.nextInt(frameMs), t -> client.stream(settings, audio, null).whenComplete((o, e) -> {
        if (e != null) f.completeExceptionally(e); else f.complete(o);
      }));
    }
    List<ListenClient.Outcome> outcomes = new ArrayList<>();
    for (CompletableFuture<ListenClient.Outcome> f : runs) {
      outcomes.add(f.get((long) (audio.length / (double) ListenClient.SAMPLE_RATE * 3) + 120, TimeUnit.SECONDS));
    }
    if (sampler >= 0) vertx.cancelTimer(sampler);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpuCores = (os.getProcessCpuTime() - cpu0) / 1e9 / wall;
    double busy = server == null ? Double.NaN : (server.metrics().inferenceSeconds() - inference0) / wall;
    long[] partial = outcomes.stream().flatMapToLong(o -> Arrays.stream(o.partialLatencyNanos())).sorted().toArray();
    long[] fin = outcomes.stream().mapToLong(ListenClient.Outcome::finalLatencyNanos).filter(l -> l >= 0).sorted().toArray();
    int errors = 0;
    for (ListenClient.Outcome o : outcomes) errors += o.ok() ? o.errors().size() : Math.max(1, o.errors().size());
    double p95 = ms(partial, 0.95);
    boolean everyStreamHadPartials = outcomes.stream().allMatch(o -> o.partials() > 0);
    // In process, the server must really have held all N streams at once for the row to count.
    boolean concurrent = peak.get() < 0 || peak.get() == n;
    return new Row(n, peak.get(), partial.length, ms(partial, 0.5), p95, ms(partial, 0.99), ms(partial, 1), ms(fin, 0.5),
        ms(fin, 0.95), errors, cpuCores, busy, concurrent && errors == 0 && everyStreamHadPartials && p95 <= targetMs);
  }

  /** The q-quantile in ms (nearest rank), NaN for no data. */
  private static double ms(long[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static float[] loop(float[] clip, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i += clip.length) System.arraycopy(clip, 0, out, i, Math.min(clip.length, n - i));
    return out;
  }
}
