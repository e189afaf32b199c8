package org.acmasr.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acmasr.kafka.KafkaConfig;
import picocli.CommandLine.Option;

/** Where the brokers are and the configuration file, shared by the {@code kafka} subcommands. */
final class KafkaOptions {
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers (overrides kafka.bootstrap_servers; default localhost:9092).")
  String bootstrap;

  @Option(names = "--config", paramLabel = "FILE",
      description = "JSON configuration: its \"kafka\" section (topics, group, limits, client properties) and, "
          + "for the worker, its \"engine\" section (batching).")
  Path config;

  /** The whole configuration file, or an empty object without --config. */
  JsonObject file() throws IOException {
    if (config == null) return new JsonObject();
    if (!Files.isRegularFile(config)) throw new IOException(config + ": no such file");
    try {
      return new JsonObject(Files.readString(config));
    } catch (DecodeException e) {
      throw new IllegalArgumentException(config + ": not a JSON object: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code kafka} section with --bootstrap applied.
   *
   * @param instanceId overrides kafka.instance_id (null: the file's, else this host's name)
   */
  KafkaConfig kafka(JsonObject file, String instanceId) {
    Object section = file.getValue("kafka");
    if (section != null && !(section instanceof JsonObject)) {
      throw new IllegalArgumentException("kafka: must be an object");
    }
    JsonObject k = section == null ? new JsonObject() : ((JsonObject) section).copy();
    if (bootstrap != null) k.put("bootstrap_servers", bootstrap);
    if (instanceId != null) k.put("instance_id", instanceId);
    else if (!k.containsKey("instance_id")) k.put("instance_id", hostName());
    return KafkaConfig.fromJson(k);
  }

  private static String hostName() {
    try {
      String h = InetAddress.getLocalHost().getHostName().replaceAll("[^a-zA-Z0-9._-]", "-");
      return h.isEmpty() ? "worker-1" : h;
    } catch (IOException e) {
      return "worker-1";
    }
  }
}
