package org.acmasr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acmasr.config.ConfigLoader;
import org.acmasr.config.KafkaConfig;
import org.acmasr.config.ServiceConfig;
import picocli.CommandLine.Option;

/** Where the brokers are and the configuration file, shared by the {@code kafka} subcommands. */
final class KafkaOptions {
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers (overrides kafka.bootstrap_servers; default localhost:9092).")
  String bootstrap;

  @Option(names = "--config", paramLabel = "FILE",
      description = "JSON configuration: its \"kafka\" section (topics, group, limits, client properties) and, "
          + "for the worker, its \"engine\" (batching) and \"decoder\" (default budget, beam) sections.")
  Path config;

  /** The whole configuration: --config, then {@code ACM_*} variables; deprecation warnings go to {@code err}. */
  ServiceConfig load(PrintWriter err) throws IOException {
    if (config != null && !Files.isRegularFile(config)) throw new IOException(config + ": no such file");
    ServiceConfig all = ConfigLoader.load(config, System.getenv());
    Warnings.print(err, all);
    return all;
  }

  /**
   * The {@code kafka} section with --bootstrap applied.
   *
   * @param instanceId overrides kafka.instance_id (null: the configuration's, else this host's name)
   */
  KafkaConfig kafka(ServiceConfig all, String instanceId) {
    return override(all.kafka(), bootstrap, instanceId);
  }

  /** {@code kafka} with the brokers and the instance id given on the command line, where given. */
  static KafkaConfig override(KafkaConfig kafka, String bootstrap, String instanceId) {
    KafkaConfig k = bootstrap == null ? kafka : kafka.withBootstrapServers(bootstrap);
    return instanceId == null ? k : k.withInstanceId(instanceId);
  }
}
