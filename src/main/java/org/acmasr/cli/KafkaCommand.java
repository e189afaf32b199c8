package org.acmasr.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.acmasr.audio.RawPcmFormat;
import org.acmasr.budget.Budget;
import org.acmasr.config.KafkaConfig;
import org.acmasr.config.ServiceConfig;
import org.acmasr.engine.Engine;
import org.acmasr.engine.Recognizer;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.engine.SchedulerConfig;
import org.acmasr.kafka.AudioSubmitter;
import org.acmasr.kafka.KafkaClients;
import org.acmasr.kafka.KafkaTranscriptionVerticle;
import org.acmasr.kafka.TranscriptTail;
import org.acmasr.kafka.WorkerStats;
import org.acmasr.kafka.proto.FailedRecord;
import org.acmasr.kafka.proto.TranscriptRecord;
import org.acmasr.model.AcmModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = "Batch transcription through Kafka: audio records in, transcripts out, exactly once.",
    subcommands = {KafkaCommand.Topics.class, KafkaCommand.Worker.class, KafkaCommand.Submit.class,
        KafkaCommand.Tail.class, KafkaBenchCommand.class})
final class KafkaCommand {

  @Command(name = "topics", mixinStandardHelpOptions = true,
      description = "Creates the audio, transcript and dead-letter topics that do not exist yet.")
  static final class Topics extends CliCommand {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
        description = "Partitions of each new topic: the most worker instances that can share the work "
            + "(default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
      if (partitions < 1) throw new IllegalArgumentException("--partitions = " + partitions + ": must be at least 1");
      KafkaConfig config = kafka.kafka(kafka.load(stderr()), null);
      PrintWriter out = stdout();
      try (Admin admin = Admin.create(KafkaClients.common(config))) {
        Set<String> existing = admin.listTopics().names().get();
        List<String> missing = new ArrayList<>();
        for (String t : List.of(config.audioTopic(), config.transcriptTopic(), config.deadLetterTopic())) {
          if (existing.contains(t)) out.println("exists  " + t);
          else missing.add(t);
        }
        org.acmasr.kafka.Topics.create(admin, partitions, missing);
        for (String t : missing) out.println("created " + t + " (" + partitions + " partitions)");
      }
      return 0;
    }
  }

  @Command(name = "worker", header = "Run one instance of the exactly-once Kafka transcription worker.", mixinStandardHelpOptions = true,
      description = {"Runs one instance of the transcription worker: reads the audio topic in the consumer group,",
          "transcribes through the batching engine, writes transcripts and dead letters in transactions.",
          "Start more instances (each with its own --instance-id) for more throughput."})
  static final class Worker extends CliCommand {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    RandomModelOptions modelOptions;

    @Option(names = "--instance-id", paramLabel = "ID",
        description = "Stable id of this instance (kafka.instance_id; default: the host name). A restart with the "
            + "same id fences the previous process and aborts its open transaction at once.")
    String instanceId;

    @Mixin
    DecodeOptions decode;

    @Override
    public Integer call() throws Exception {
      ServiceConfig all = kafka.load(stderr());
      KafkaConfig config = kafka.kafka(all, instanceId);
      SchedulerConfig engineConfig = all.serve().engine();
      AcmModel model = modelOptions.load();
      Recognizer recognizer = new Recognizer(model, decode.config(model, all.serve().decoder()));
      PrintWriter out = stdout();
      Vertx vertx = Vertx.vertx();
      try (Engine engine = new Engine(recognizer, engineConfig)) {
        KafkaTranscriptionVerticle worker = new KafkaTranscriptionVerticle(engine, config, ModelOptions.modelId(model));
        vertx.deployVerticle(worker).await();
        // SIGTERM/Ctrl-C: closing Vert.x undeploys the worker (its transaction aborted, the group left).
        Thread hook = new Thread(() -> vertx.close().await(), "acm-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("kafka worker %s ready: %s -> %s (dead letters: %s), group %s, model %s%n", config.instanceId(),
            config.audioTopic(), config.transcriptTopic(), config.deadLetterTopic(), config.groupId(),
            ModelOptions.modelId(model));
        out.flush();
        try {
          worker.finished().get();
        } catch (ExecutionException e) {
          throw new IOException("kafka worker " + config.instanceId() + " stopped: " + e.getCause(), e.getCause());
        } finally {
          WorkerStats.Snapshot s = worker.stats().snapshot();
          out.printf(Locale.ROOT, "kafka worker %s stopped: %d transcripts (%.1f s of audio), %d dead letters, "
              + "%d transactions, %d aborted%n", config.instanceId(), s.transcripts(), s.audioSeconds(),
              s.deadLetters(), s.transactions(), s.aborts());
          out.flush();
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // stopped by a signal: the hook is running
        }
        return 0;
      } finally {
        vertx.close();
      }
    }
  }

  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = {"Puts audio files on the audio topic, one request per file keyed by its request id.",
          "Files larger than --chunk-bytes go as ordered chunks under that key. Prints one line per file:",
          "request id, file, records, partition and offsets."})
  static final class Submit extends CliCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, MP3, FLAC, or raw PCM with --raw).")
    List<Path> files;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AudioInputOptions input;

    @Option(names = "--id", paramLabel = "ID", description = "Request id (one file only; default: file name + random suffix).")
    String id;

    @Option(names = {"-b", "--budget"}, paramLabel = "B",
        description = "Compute budget in (0, 1], or auto (the worker lowers it while it lags behind) "
            + "(default: the worker's decoder.budget).")
    String budget;

    @Option(names = "--budget-floor", paramLabel = "F", description = "With --budget auto: the lowest budget to decode at.")
    Double budgetFloor;

    @Option(names = "--chunk-bytes", paramLabel = "N", defaultValue = "524288",
        description = "Largest record payload; larger files are chunked (default: ${DEFAULT-VALUE}, under the "
            + "broker's default message.max.bytes of 1 MiB).")
    int chunkBytes;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Metadata echoed on the transcript (repeatable).")
    Map<String, String> metadata = new LinkedHashMap<>();

    /** --budget and --budget-floor as a request declares them; null: the worker's default. */
    private Budget budget() {
      boolean auto = "auto".equals(budget);
      Budget.requireAutoForFloor(auto, "--budget-floor", budgetFloor == null ? null : budgetFloor.toString(),
          "--budget auto");
      return budget == null ? null : BudgetArgument.parse("--budget", "budget", budget, "--budget-floor", budgetFloor);
    }

    @Override
    public Integer call() throws Exception {
      if (id != null && files.size() > 1) throw new IllegalArgumentException("--id needs exactly one file");
      Budget b = budget();
      RawPcmFormat raw = input.rawFormat();
      AudioSubmitter.Declaration d = new AudioSubmitter.Declaration(raw == null ? "auto" : raw.encoding().wireName(),
          raw == null ? 0 : raw.sampleRate(), raw == null ? 0 : raw.channels(),
          b, metadata);
      KafkaConfig config = kafka.kafka(kafka.load(stderr()), null);
      PrintWriter out = stdout();
      try (KafkaProducer<byte[], byte[]> producer = KafkaClients.submitter(config)) {
        AudioSubmitter submitter = new AudioSubmitter(producer, config.audioTopic(), chunkBytes);
        for (Path f : files) {
          if (!Files.isRegularFile(f)) throw new IOException(f + ": no such file");
          String rid = id != null ? id : f.getFileName() + "-" + UUID.randomUUID().toString().substring(0, 8);
          List<RecordMetadata> sent = submitter.submit(rid, Files.readAllBytes(f), d);
          RecordMetadata first = sent.get(0);
          out.printf("%s\t%s\t%d record(s)\t%s-%d offsets %d..%d%n", rid, f, sent.size(), first.topic(),
              first.partition(), first.offset(), sent.get(sent.size() - 1).offset());
          out.flush();
        }
      }
      return 0;
    }
  }

  @Command(name = "tail", header = "Print transcripts and dead letters as they are committed.", mixinStandardHelpOptions = true,
      description = {"Prints transcripts as they are committed (read_committed): \"request-id<TAB>text\",",
          "or with --json one TranscriptRecord (and with --dead-letters, FailedRecord) object per line."})
  static final class Tail extends CliCommand {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--dead-letters", description = "Also print dead letters (\"request-id<TAB>DEAD LETTER REASON: message\").")
    boolean deadLetters;

    @Option(names = "--from-beginning", description = "Start at the beginning of the topics instead of the end.")
    boolean fromBeginning;

    @Option(names = "--group", paramLabel = "GROUP", description = "Read as this consumer group (resumes where it stopped).")
    String group;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Exit after N records (default: never).")
    int count;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
        description = "Exit when nothing arrives for this long (default: never).")
    Double idleSeconds;

    @Option(names = "--json", description = "One JSON object per record.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      KafkaConfig config = kafka.kafka(kafka.load(stderr()), null);
      PrintWriter out = stdout();
      JsonFormat.Printer printer = JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
      try (TranscriptTail tail = new TranscriptTail(config, deadLetters, fromBeginning, group)) {
        tail.run(new TranscriptTail.Listener() {
          @Override
          public void transcript(TranscriptRecord t) {
            out.println(json ? print(printer, t) : t.getRequestId() + "\t" + t.getText());
            out.flush();
          }

          @Override
          public void deadLetter(FailedRecord f) {
            out.println(json ? print(printer, f) : f.getRequestId() + "\tDEAD LETTER " + f.getReason() + ": "
                + f.getMessage());
            out.flush();
          }
        }, count, idleSeconds == null ? null : Duration.ofMillis(Math.round(idleSeconds * 1000)));
      }
      return 0;
    }

    private static String print(JsonFormat.Printer p, MessageOrBuilder m) {
      try {
        return p.print(m);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
