package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code deploy/compose.yaml} and {@code deploy/k8s/*.yaml} parse, and their key fields agree with the
 * Dockerfile, the service's defaults and its command line (the files themselves are unapplied here).
 */
class DeployFilesTest {
  private static final ObjectMapper YAML = new YAMLMapper();

  private static JsonNode yaml(String path) throws Exception {
    return YAML.readTree(Files.readString(Path.of(path)));
  }

  /** Every document of a multi-document YAML file. */
  private static List<JsonNode> documents(Path p) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(p.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) docs.add(it.next());
    }
    return docs;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The CLI accepts {@code args} (parsed, not run). */
  private static void parses(List<String> args) {
    CommandLine.ParseResult r = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
    assertTrue(r.hasSubcommand(), "a command: " + args);
  }

  private static double shutdownGrace() throws Exception {
    return new ObjectMapper().readTree(Files.readString(Path.of("deploy/acm-asr.example.json")))
        .get("server").get("shutdown_grace_seconds").asDouble();
  }

  /** Kubernetes quantities: 768Mi, 2Gi, 1800M. */
  static long bytes(String q) {
    Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "K", 1000L, "M", 1000_000L,
        "G", 1000_000_000L, "k", 1000L, "m", 1000_000L, "g", 1L << 30);
    for (String u : List.of("Ki", "Mi", "Gi", "K", "M", "G")) {
      if (q.endsWith(u)) return Long.parseLong(q.substring(0, q.length() - u.length())) * units.get(u);
    }
    return Long.parseLong(q);
  }

  @Test
  void composeRunsServeWithKafkaOnAKraftBroker() throws Exception {
    Dockerfile docker = Dockerfile.read();
    JsonNode services = yaml("deploy/compose.yaml").get("services");
    JsonNode kafka = services.get("kafka");
    assertTrue(kafka.get("image").asText().startsWith("apache/kafka:"), kafka.toString());
    JsonNode kenv = kafka.get("environment");
    assertEquals("broker,controller", kenv.get("KAFKA_PROCESS_ROLES").asText(), "KRaft, no ZooKeeper");
    assertTrue(kenv.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().startsWith(kenv.get("KAFKA_NODE_ID").asText() + "@"));
    assertEquals("1", kenv.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText(), "transactions on one broker");
    assertTrue(kafka.has("healthcheck"));

    JsonNode asr = services.get("acm-asr");
    List<String> command = strings(asr.get("command"));
    assertEquals(List.of("serve", "--config", "/etc/acm-asr/acm-asr.json", "--kafka", "kafka:9092"), command);
    assertTrue(docker.copies().containsKey(command.get(2)), "the config file is in the image: " + docker.copies());
    assertTrue(kenv.get("KAFKA_ADVERTISED_LISTENERS").asText().contains("//kafka:9092"), "the broker address it uses");
    parses(command);
    assertEquals("service_healthy", asr.get("depends_on").get("kafka").get("condition").asText());
    List<String> topics = strings(services.get("topics").get("command"));
    assertEquals(List.of("kafka", "topics", "--bootstrap", "kafka:9092"), topics.subList(0, 4));
    parses(topics);
    assertEquals("service_completed_successfully", asr.get("depends_on").get("topics").get("condition").asText());
    List<String> ports = strings(asr.get("ports"));
    for (int p : docker.expose()) assertTrue(ports.contains(p + ":" + p), "port " + p + " published: " + ports);
    assertTrue(docker.env().get("ACM_VOSK_PORT").equals("2700") && docker.expose().contains(8080));
    String stop = asr.get("stop_grace_period").asText();
    assertTrue(Double.parseDouble(stop.replace("s", "")) > shutdownGrace(), "stop grace " + stop + " > drain");
    assertTrue(bytes(asr.get("mem_limit").asText().replace("g", "Gi")) > bytes(javaFlag(docker, "maxphysicalbytes")));
  }

  private static String javaFlag(Dockerfile docker, String name) {
    for (String f : docker.env().get("JAVA_TOOL_OPTIONS").split(" ")) {
      if (f.startsWith("-Dorg.bytedeco.javacpp." + name + "=")) return f.substring(f.indexOf('=') + 1);
    }
    throw new AssertionError("no " + name + " in JAVA_TOOL_OPTIONS");
  }

  @Test
  void kubernetesDeploymentProbesDrainAndResources() throws Exception {
    Dockerfile docker = Dockerfile.read();
    Map<String, JsonNode> byKind = new HashMap<>();
    try (var files = Files.list(Path.of("deploy/k8s"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode d : documents(p)) {
          assertTrue(d.has("apiVersion") && d.has("kind") && d.get("metadata").has("name"), p + ": " + d);
          byKind.put(d.get("kind").asText(), d);
        }
      }
    }
    JsonNode deployment = byKind.get("Deployment");
    JsonNode pod = deployment.get("spec").get("template");
    assertEquals(deployment.get("spec").get("selector").get("matchLabels"), pod.get("metadata").get("labels"));
    JsonNode c = pod.get("spec").get("containers").get(0);
    assertTrue(c.get("image").asText().startsWith("acm-asr"), c.toString());
    parses(strings(c.get("args")));
    assertEquals(docker.cmd(), strings(c.get("args")), "the image's default command, spelled out");
    Map<String, Integer> ports = new HashMap<>();
    c.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
    assertEquals(Map.of("http", 8080, "vosk", 2700), ports);
    assertEquals(docker.expose(), List.of(8080, 2700));
    Map<String, String> env = new HashMap<>();
    c.get("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText(null)));
    assertEquals("2700", env.get("ACM_VOSK_PORT"));

    assertEquals("/readyz", c.get("readinessProbe").get("httpGet").get("path").asText());
    assertEquals("/healthz", c.get("livenessProbe").get("httpGet").get("path").asText());
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertTrue(ports.containsKey(c.get(probe).get("httpGet").get("port").asText()), probe);
    }
    double drain = Double.parseDouble(env.get("ACM_SERVER_SHUTDOWN_GRACE_SECONDS"));
    int termination = pod.get("spec").get("terminationGracePeriodSeconds").asInt();
    assertTrue(termination > drain + 5, "termination grace " + termination + " s outlasts the " + drain + " s drain");

    JsonNode res = c.get("resources");
    long request = bytes(res.get("requests").get("memory").asText());
    long limit = bytes(res.get("limits").get("memory").asText());
    assertTrue(request >= 455L << 20, "the request covers the measured 455 MiB peak (32 streams)");
    assertTrue(limit > bytes(javaFlag(docker, "maxphysicalbytes")), "the JVM's own cap is below the pod limit");
    assertTrue(limit > bytes(docker.env().get("JAVA_TOOL_OPTIONS").replaceAll(".*-Xmx(\\d+)g.*", "$1") + "Gi"));

    JsonNode service = byKind.get("Service");
    assertEquals(pod.get("metadata").get("labels"), service.get("spec").get("selector"));
    service.get("spec").get("ports").forEach(p -> assertTrue(ports.containsKey(p.get("targetPort").asText()), p.toString()));
  }
}
