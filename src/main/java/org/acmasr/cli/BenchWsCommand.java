package org.acmasr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.budget.Budget;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ws", mixinStandardHelpOptions = true,
    description = {"Load test of the live service: N concurrent real-time streams of FILE over loopback WebSockets.",
        "Runs the server in this process (default architecture, random weights with budget-following gates, unless",
        "--model) or targets --url. Reports partial latency (send time of the frame that completed the audio -> ",
        "partial arrival), final latency (close sent -> last final), errors and process CPU, per stream count."})
final class BenchWsCommand extends CliCommand {
  @Parameters(paramLabel = "FILE", description = "Audio each stream sends (looped or cut to --seconds).")
  Path file;

  @Option(names = "--streams", split = ",", defaultValue = "20",
      description = "Concurrent streams; a list runs each in turn (default: ${DEFAULT-VALUE}).")
  int[] streams;

  @Option(names = "--seconds", defaultValue = "30", description = "Audio per stream (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--frame-ms", defaultValue = "100", description = "Audio per message (default: ${DEFAULT-VALUE}).")
  int frameMs;

  @Option(names = {"--budgets", "--budget"}, split = ",", defaultValue = "1", paramLabel = "B",
      description = {"Compute budget of every stream: numbers in (0, 1] or auto; a list runs each in turn on the",
          "same server (default: ${DEFAULT-VALUE})."})
  String[] budgets;

  @Option(names = "--json", description = "Print one JSON object per budget (budget, max_streams, p95_partial_ms, "
      + "mean_budget_used, cpu_cores, rows) instead of the tables.")
  boolean json;

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

  private record Row(int streams, int peak, int partials, double p50, double p95, double p99, double max, double final50,
      double final95, int errors, double cpuCores, double inferenceBusy, double searchShare, double meanBudget,
      boolean holds) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = stdout();
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
        if (configFile != null) { // the file's limits apply: say so when they would refuse the bench's own streams
          if (cfg.engine().maxStreams() < most) {
            stderr().printf(Locale.ROOT, "bench ws: engine.max_streams = %d (in %s) is below %d streams: the server will refuse "
                + "the rest%n", cfg.engine().maxStreams(), configFile, most);
          }
          int perClient = cfg.limits().maxStreamsPerClient();
          if (perClient > 0 && perClient < most) {
            stderr().printf(Locale.ROOT, "bench ws: limits.max_streams_per_client = %d (in %s) is below %d streams from one "
                + "address: the server will refuse the rest (set it to 0 for a load test)%n", perClient, configFile, most);
          }
        }
        boolean real = modelOptions.model != null || ModelOptions.defaultAvailable();
        AcmModel model = real ? modelOptions.load()
            : AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(ModelFactory.defaultConfig(), 1)));
        engine = new Engine(new Recognizer(model, DecodeOptions.recommended(model, cfg.decoder())), cfg.engine(),
            cfg.autoBudget());
        server = new AsrServer(vertx, cfg, CompletableFuture.completedFuture(engine));
        int port = server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        target = URI.create("ws://127.0.0.1:" + port + "/v1/listen");
        description = String.format(Locale.ROOT, "in-process server at %s (%s model; %d worker(s), max batch %d, window %d ms)",
            target, modelOptions.model != null ? modelOptions.model.getFileName().toString()
                : real ? "default " + model.data().metadata().getOrDefault("name", "") : "default-architecture random",
            cfg.engine().workers(), cfg.engine().maxBatch(), cfg.engine().batchWindowMs());
      }
      for (String b : budgets) budgetValue(b); // refuse a bad list before any run
      PrintWriter log = json ? stderr() : out;
      log.printf(Locale.ROOT, "bench ws: %s x %.0f s of %s, %d ms frames in real time, budgets %s; %s; %d CPU(s)%n",
          Arrays.toString(streams), seconds, file.getFileName(), frameMs, String.join(",", budgets), description,
          Runtime.getRuntime().availableProcessors());
      log.flush();
      try (ListenClient client = new ListenClient(vertx, true)) {
        if (warmup > 0) { // lets the JIT compile the paths full batches take
          run(vertx, client, target, loop(clip, (int) Math.round(warmup * ListenClient.SAMPLE_RATE)), Math.min(32, most),
              server, budgetValue(budgets[0]));
        }
        for (String b : budgets) {
          List<Row> rows = new ArrayList<>();
          if (!json) {
            out.printf("budget %s:%n", b);
            out.println("| streams | peak open on server | partials | partial p50 ms | p95 ms | p99 ms | max ms | final p50 ms "
                + "| final p95 ms | errors | CPU cores busy | inference thread busy | search share of it | mean budget used "
                + "| p95 <= " + (int) targetMs + " ms, no errors |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
          }
          for (int n : streams) {
            Row r = run(vertx, client, target, audio, n, server, budgetValue(b));
            rows.add(r);
            if (!json) {
              out.printf(Locale.ROOT, "| %d | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %.2f | %s | %s | %.3f | %s |%n",
                  r.streams(), r.peak() < 0 ? "n/a" : Integer.toString(r.peak()), r.partials(), r.p50(), r.p95(), r.p99(),
                  r.max(), r.final50(), r.final95(), r.errors(), r.cpuCores(),
                  Double.isNaN(r.inferenceBusy()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * r.inferenceBusy()),
                  Double.isNaN(r.searchShare()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * r.searchShare()),
                  r.meanBudget(), r.holds() ? "yes" : "no");
              out.flush();
            }
          }
          Row best = rows.stream().filter(Row::holds).max(java.util.Comparator.comparingInt(Row::streams)).orElse(null);
          if (json) {
            out.println(summary(b, best, rows));
          } else {
            out.printf("budget %s: largest stream count holding p95 partial latency <= %.0f ms with no errors: %s%n", b,
                targetMs, best == null ? "none" : Integer.toString(best.streams()));
          }
          out.flush();
        }
      }
    } finally {
      if (server != null) server.shutdown(Duration.ofSeconds(5));
      if (engine != null) engine.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    return 0;
  }

  /** A budget of the list as the start message sends it: a number in (0, 1] or "auto". */
  private static JsonNode budgetValue(String b) {
    Budget budget = BudgetArgument.parse("--budgets", "--budgets", b, "--budgets", null);
    return budget instanceof Budget.Fixed f ? DoubleNode.valueOf(f.value()) : TextNode.valueOf("auto");
  }

  /** The JSON summary of one budget: the largest stream count that held, and every row. */
  private String summary(String budget, Row best, List<Row> rows) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.set("budget", budgetValue(budget));
    o.put("target_ms", targetMs);
    o.put("max_streams", best == null ? 0 : best.streams());
    if (best == null) {
      o.putNull("p95_partial_ms");
      o.putNull("mean_budget_used");
      o.putNull("cpu_cores");
    } else {
      o.put("p95_partial_ms", Math.round(best.p95()));
      o.put("mean_budget_used", Math.round(best.meanBudget() * 1000) / 1000.0);
      o.put("cpu_cores", Math.round(best.cpuCores() * 100) / 100.0);
    }
    var arr = o.putArray("rows");
    for (Row r : rows) {
      ObjectNode row = arr.addObject().put("streams", r.streams()).put("p95_partial_ms", Math.round(r.p95()))
          .put("mean_budget_used", Math.round(r.meanBudget() * 1000) / 1000.0).put("errors", r.errors())
          .put("cpu_cores", Math.round(r.cpuCores() * 100) / 100.0).put("holds", r.holds());
      if (!Double.isNaN(r.searchShare())) row.put("search_share", Math.round(r.searchShare() * 1000) / 1000.0);
    }
    return o.toString();
  }

  /**
   * @param server the in-process server (for its inference time), or null
   * @param budget the start message's budget
   */
  private Row run(Vertx vertx, ListenClient client, URI target, float[] audio, int n, AsrServer server,
      JsonNode budget) throws Exception {
    ObjectNode start = new ObjectMapper().createObjectNode().set("budget", budget);
    ListenClient.Settings settings = new ListenClient.Settings(target, token, start, frameMs, true);
    Random random = new Random(n);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    double inference0 = server == null ? 0 : server.metrics().inferenceSeconds();
    double search0 = server == null ? 0 : server.metrics().searchSeconds();
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
    double inferred = server == null ? Double.NaN : server.metrics().inferenceSeconds() - inference0;
    double busy = inferred / wall;
    double searchShare = server == null || inferred <= 0 ? Double.NaN
        : (server.metrics().searchSeconds() - search0) / inferred;
    long[] partial = outcomes.stream().flatMapToLong(o -> Arrays.stream(o.partialLatencyNanos())).sorted().toArray();
    long[] fin = outcomes.stream().mapToLong(ListenClient.Outcome::finalLatencyNanos).filter(l -> l >= 0).sorted().toArray();
    int errors = 0;
    for (ListenClient.Outcome o : outcomes) errors += o.ok() ? o.errors().size() : Math.max(1, o.errors().size());
    double p95 = ms(partial, 0.95);
    boolean everyStreamHadPartials = outcomes.stream().allMatch(o -> o.partials() > 0);
    double weighted = 0;
    double seconds = 0;
    for (ListenClient.Outcome o : outcomes) {
      for (var f : o.finals()) {
        double d = f.get("end").asDouble() - f.get("start").asDouble();
        weighted += d * f.get("compute").get("budget").asDouble();
        seconds += d;
      }
    }
    // In process, the server must really have held all N streams at once for the row to count.
    boolean concurrent = peak.get() < 0 || peak.get() == n;
    return new Row(n, peak.get(), partial.length, ms(partial, 0.5), p95, ms(partial, 0.99), ms(partial, 1), ms(fin, 0.5),
        ms(fin, 0.95), errors, cpuCores, busy, searchShare, seconds == 0 ? Double.NaN : weighted / seconds, concurrent && errors == 0 && everyStreamHadPartials && p95 <= targetMs);
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
