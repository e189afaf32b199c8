package org.acmasr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime stage of {@code deploy/Dockerfile} as a container engine would read it: ENTRYPOINT and
 * CMD (exec form), ENV ({@code KEY=VALUE}, double quotes allowed), EXPOSE and COPY (destination →
 * source in the build context, or in the build stage for {@code --from}).
 */
record Dockerfile(List<String> entrypoint, List<String> cmd, Map<String, String> env, List<Integer> expose,
    Map<String, String> copies) {
  static final Path FILE = Path.of("deploy/Dockerfile");
  private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S+))");

  static Dockerfile read() throws Exception {
    List<String> entrypoint = List.of();
    List<String> cmd = List.of();
    Map<String, String> env = new LinkedHashMap<>();
    List<Integer> expose = new ArrayList<>();
    Map<String, String> copies = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : joinContinuations(Files.readAllLines(FILE))) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      String[] kw = l.split("\\s+", 2);
      String rest = kw.length > 1 ? kw[1] : "";
      switch (kw[0].toUpperCase()) {
        case "FROM" -> { // a new stage: only the last one's settings count
          entrypoint = List.of();
          cmd = List.of();
          env.clear();
          expose.clear();
          copies.clear();
        }
        case "ENTRYPOINT" -> entrypoint = strings(json.readTree(rest), l);
        case "CMD" -> cmd = strings(json.readTree(rest), l);
        case "ENV" -> {
          Matcher m = ENV_PAIR.matcher(rest);
          int at = 0;
          while (m.find()) {
            if (!rest.substring(at, m.start()).isBlank()) throw new IllegalArgumentException("unparsed ENV: " + l);
            env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
            at = m.end();
          }
          if (!rest.substring(at).isBlank() || env.isEmpty()) throw new IllegalArgumentException("unparsed ENV: " + l);
        }
        case "EXPOSE" -> {
          for (String p : rest.split("\\s+")) expose.add(Integer.parseInt(p.replace("/tcp", "")));
        }
        case "COPY" -> {
          String[] parts = rest.split("\\s+");
          copies.put(parts[parts.length - 1], parts[parts.length - 2]);
        }
        default -> { }
      }
    }
    return new Dockerfile(entrypoint, cmd, env, expose, copies);
  }

  /** ENTRYPOINT followed by CMD: the command line a plain {@code docker run IMAGE} executes. */
  List<String> commandLine() {
    List<String> all = new ArrayList<>(entrypoint);
    all.addAll(cmd);
    return all;
  }

  private static List<String> strings(JsonNode n, String line) {
    if (!n.isArray()) throw new IllegalArgumentException("not the exec (JSON array) form: " + line);
    List<String> out = new ArrayList<>();
    n.forEach(e -> out.add(e.textValue()));
    return out;
  }

  private static List<String> joinContinuations(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String l : lines) {
      if (l.strip().startsWith("#") && cur.length() == 0) {
        out.add(l);
        continue;
      }
      if (l.endsWith("\\")) {
        cur.append(l, 0, l.length() - 1).append(' ');
      } else {
        out.add(cur.append(l).toString());
        cur.setLength(0);
      }
    }
    return out;
  }
}
