package org.acmasr.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.acmasr.budget.Budget;
import org.acmasr.config.KafkaConfig;
import org.acmasr.config.ServiceConfig;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.SchedulerConfig;
import org.acmasr.kafka.AudioSubmitter;
import org.acmasr.kafka.KafkaClients;
import org.acmasr.kafka.KafkaTranscriptionVerticle;
import org.acmasr.kafka.Topics;
import org.acmasr.kafka.proto.TranscriptRecord;
import org.acmasr.model.AcmModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", header = "Throughput of the Kafka path on a real broker, in audio hours per hour.", mixinStandardHelpOptions = true,
    description = {"Throughput of the Kafka path on a real broker: a backlog of corpus clips (whole records) on",
        "fresh topics, transcribed by 1..N worker instances in one group (in this JVM, each with its own",
        "scheduler), at each budget. Reports audio hours per hour from the workers' start to the last",
        "committed transcript, and from the first transcript to the last. Topics are deleted afterwards."})
final class KafkaBenchCommand extends CliCommand {
  @Mixin
  KafkaOptions kafka;

  @Mixin
  RandomModelOptions modelOptions;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Common Voice folder (TSVs and clips/).")
  Path data;

  @Option(names = "--splits", split = ",", defaultValue = "test,dev", description = "Splits in the backlog (default: ${DEFAULT-VALUE}).")
  List<String> splits;

  @Option(names = "--repeat", defaultValue = "1", description = "Put the clips on the backlog this many times (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--budgets", split = ",", defaultValue = "1,0.5", description = "Budgets (default: ${DEFAULT-VALUE}).")
  float[] budgets;

  @Option(names = "--instances", split = ",", defaultValue = "1,2", description = "Instances in the group (default: ${DEFAULT-VALUE}).")
  int[] instances;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the audio topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--rounds", defaultValue = "1",
      description = "Measure every budget and instance count this many times, round by round (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", defaultValue = "300",
      description = "Clips transcribed at every budget before measuring, not reported (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--json", description = "Print one JSON object per budget and instance count (audio_h_per_h: the "
      + "median over the rounds, with every round's value, compute_used, dead_letters) instead of the table.")
  boolean json;

  /** One measured configuration. */
  private record Cell(int round, float budget, int instances, int requests, double audioSeconds, double wallSeconds,
      double steadySeconds, double computeUsed, int deadLetters, double meanBatch, double busy, double searchShare) {
  }

  @Override
  public Integer call() throws Exception {
    ServiceConfig all = kafka.load(stderr());
    KafkaConfig base = kafka.kafka(all, "bench");
    SchedulerConfig engine = all.serve().engine();
    AcmModel model = modelOptions.load();
    Recognizer recognizer = new Recognizer(model, DecodeOptions.recommended(model, all.serve().decoder()));
    List<byte[]> clips = clips();
    PrintWriter out = stdout();
    out.printf(Locale.ROOT, "model %s; backlog %d requests (%s x %d, %.1f MB); %d partitions; engine %s; "
        + "max_poll_records %d, max_in_flight %d; %d cores%n", ModelOptions.modelId(model), clips.size() * repeat,
        String.join("+", splits), repeat, clips.stream().mapToLong(c -> c.length).sum() * repeat / 1e6, partitions,
        engine, base.maxPollRecords(), base.maxInFlight(), Runtime.getRuntime().availableProcessors());
    out.flush();
    List<Cell> cells = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    String modelId = ModelOptions.modelId(model);
    try {
      // Warm-up (not reported): the whole path at every budget, so the JIT has compiled each budget's code
      // (below β = 1 the learners run in tiers) before the first measurement.
      for (float b : budgets) {
        measure(vertx, base, engine, recognizer, modelId, clips.subList(0, Math.min(warmup, clips.size())), 0, b,
            Arrays.stream(instances).max().orElse(1));
      }
      for (int round = 1; round <= rounds; round++) {
        for (float b : budgets) {
          for (int n : instances) {
            Cell c = measure(vertx, base, engine, recognizer, modelId, clips, round, b, n);
            cells.add(c);
            stderr().printf(Locale.ROOT, "round %d, budget %.2f, %d instance(s): %.0f audio h/h%n",
                round, b, n, c.audioSeconds / c.wallSeconds);
            stderr().flush();
          }
        }
      }
    } finally {
      vertx.close().await();
    }
    if (json) {
      for (float b : budgets) {
        for (int n : instances) {
          out.println(summary(b, n, cells.stream().filter(c -> c.budget == b && c.instances == n).toList()));
        }
      }
      out.flush();
      return 0;
    }
    out.println("| round | budget | instances | requests | audio (h) | wall (s) | audio h per h | first→last transcript: "
        + "audio h per h | compute used | streams per forward pass | inference busy | search share | dead letters |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Cell c : cells) {
      out.printf(Locale.ROOT, "| %d | %.2f | %d | %d | %.3f | %.1f | %.0f | %.0f | %.3f | %.1f | %.2f | %.2f | %d |%n",
          c.round, c.budget, c.instances, c.requests, c.audioSeconds / 3600, c.wallSeconds, c.audioSeconds / c.wallSeconds,
          c.audioSeconds / c.steadySeconds, c.computeUsed, c.meanBatch, c.busy, c.searchShare, c.deadLetters);
    }
    out.flush();
    return 0;
  }

  /** The JSON line of one budget and instance count over its rounds. */
  private static String summary(float budget, int instances, List<Cell> rounds) {
    var m = new com.fasterxml.jackson.databind.ObjectMapper();
    var o = m.createObjectNode();
    o.put("budget", Math.round(budget * 1000) / 1000.0);
    o.put("instances", instances);
    o.put("audio_h_per_h", Math.round(median(rounds.stream().mapToDouble(c -> c.audioSeconds / c.wallSeconds).toArray())));
    o.put("steady_audio_h_per_h",
        Math.round(median(rounds.stream().mapToDouble(c -> c.audioSeconds / c.steadySeconds).toArray())));
    var each = o.putArray("rounds");
    for (Cell c : rounds) each.add(Math.round(c.audioSeconds / c.wallSeconds * 10) / 10.0);
    o.put("compute_used", Math.round(rounds.stream().mapToDouble(c -> c.computeUsed).average().orElse(0) * 1000) / 1000.0);
    o.put("requests", rounds.isEmpty() ? 0 : rounds.get(0).requests);
    o.put("inference_busy", Math.round(median(rounds.stream().mapToDouble(c -> c.busy).toArray()) * 1000) / 1000.0);
    o.put("search_share", Math.round(median(rounds.stream().mapToDouble(c -> c.searchShare).toArray()) * 1000) / 1000.0);
    o.put("dead_letters", rounds.stream().mapToInt(c -> c.deadLetters).sum());
    return o.toString();
  }

  private static double median(double[] v) {
    if (v.length == 0) return 0;
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private List<byte[]> clips() throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String split : splits) {
      Path tsv = data.resolve(split + ".tsv");
      List<String> lines = Files.readAllLines(tsv);
      if (lines.isEmpty()) throw new IOException(tsv + ": empty");
      int col = Arrays.asList(lines.get(0).split("\t", -1)).indexOf("path");
      if (col < 0) throw new IOException(tsv + ": no 'path' column in the header");
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t", -1);
        Path clip = data.resolve("clips").resolve(f[col]);
        if (f.length > col && Files.isRegularFile(clip)) out.add(Files.readAllBytes(clip));
      }
    }
    if (out.isEmpty()) throw new IOException(data + ": no clips found for splits " + splits);
    return out;
  }

  private Cell measure(Vertx vertx, KafkaConfig base, SchedulerConfig engine, Recognizer recognizer, String modelId,
      List<byte[]> clips, int round, float budget, int n) throws Exception {
    String run = String.format(Locale.ROOT, "acm-bench-%s-b%.2f-n%d", UUID.randomUUID().toString().substring(0, 8),
        budget, n);
    KafkaConfig cfg = KafkaConfig.fromJson(base.toJson().put("audio_topic", run + ".audio")
        .put("transcript_topic", run + ".transcripts").put("dead_letter_topic", run + ".dead").put("group_id", run));
    List<String> topics = List.of(cfg.audioTopic(), cfg.transcriptTopic(), cfg.deadLetterTopic());
    try (Admin admin = Admin.create(KafkaClients.common(cfg))) {
      Topics.create(admin, partitions, topics);
      int requests = submit(cfg, clips, budget, run);
      List<Engine> engines = new ArrayList<>();
      List<String> deployments = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> reader = KafkaClients.reader(cfg, null)) {
        List<TopicPartition> tps = new ArrayList<>();
        for (String t : List.of(cfg.transcriptTopic(), cfg.deadLetterTopic())) {
          for (int p = 0; p < partitions; p++) tps.add(new TopicPartition(t, p));
        }
        reader.assign(tps);
        reader.seekToBeginning(tps);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          Engine e = new Engine(recognizer, engine);
          engines.add(e);
          deployments.add(vertx.deployVerticle(new KafkaTranscriptionVerticle(e, cfg.withInstanceId(run + "-" + i),
              modelId)).await());
        }
        Set<String> seen = new HashSet<>();
        double audio = 0;
        double compute = 0;
        int dead = 0;
        long first = -1;
        long last = t0;
        long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
        while (seen.size() + dead < requests) {
          if (System.nanoTime() > deadline) throw new IOException(run + ": backlog not done after 2 h");
          for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
            last = System.nanoTime();
            if (first < 0) first = last;
            if (r.topic().equals(cfg.deadLetterTopic())) {
              dead++;
              continue;
            }
            TranscriptRecord t = TranscriptRecord.parseFrom(r.value());
            if (!seen.add(t.getRequestId())) throw new IllegalStateException("duplicate transcript " + t.getRequestId());
            audio += t.getDurationSeconds();
            compute += t.getComputeUsed() * t.getDurationSeconds();
          }
        }
        double wall = (last - t0) / 1e9;
        long passes = 0;
        long streams = 0;
        double inference = 0;
        double search = 0;
        for (Engine e : engines) {
          passes += e.metrics().forwardPasses();
          streams += e.metrics().streamsDecoded();
          inference += e.metrics().inferenceSeconds();
          search += e.metrics().searchSeconds();
        }
        return new Cell(round, budget, n, requests, audio, wall, (last - first) / 1e9, compute / audio, dead,
            streams / (double) Math.max(1, passes), inference / (wall * n * engine.workers()),
            search / Math.max(1e-9, inference));
      } finally {
        for (String d : deployments) vertx.undeploy(d).await();
        for (Engine e : engines) e.close();
        admin.deleteTopics(topics).all().get();
      }
    }
  }

  private int submit(KafkaConfig cfg, List<byte[]> clips, float budget, String run) throws Exception {
    int requests = 0;
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.submitter(cfg)) {
      AudioSubmitter s = new AudioSubmitter(producer, cfg.audioTopic(), 512 * 1024);
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int r = 0; r < repeat; r++) {
        for (int i = 0; i < clips.size(); i++) {
          sent.addAll(s.send(run + "-" + r + "-" + i, clips.get(i), AudioSubmitter.Declaration.auto()
              .withBudget(Budget.fixed(budget))));
          requests++;
        }
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) f.get();
    }
    return requests;
  }
}
