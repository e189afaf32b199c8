package org.acmasr.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar target/acm-asr.jar serve ...} in its own process, with its output collected. */
final class ServeProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on https?://[^\\s/]+:(\\d+)");

  final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Thread reader;

  /** Starts {@code serve} on 127.0.0.1, any free port, with {@code args} added. */
  ServeProcess(String... args) throws Exception {
    this(serve(args), java.util.Map.of());
  }

  /** Starts {@code command} (a whole command line) with {@code env} added to this process's environment. */
  ServeProcess(List<String> command, java.util.Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    process = pb.start();
    reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          lines.add(l);
          log.add(l);
        }
      } catch (Exception e) {
        // the process ended
      }
    });
    reader.start();
  }

  private static List<String> serve(String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-jar", jar(), "serve", "--host", "127.0.0.1",
        "--port", "0"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** This JVM's java launcher. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The packaged jar under test. */
  static String jar() {
    return System.getProperty("acm.jar", "target/acm-asr.jar");
  }

  /** The first group of {@code p} in the output so far, or null. */
  String find(Pattern p) {
    for (String l : log) {
      Matcher m = p.matcher(l);
      if (m.find()) return m.group(1);
    }
    return null;
  }

  /**
   * Waits until the service says it is ready and every one of {@code alsoExpected} was printed.
   *
   * @return the bound port, or -1 when that did not happen within {@code seconds}
   */
  int awaitReady(int seconds, String... alsoExpected) throws InterruptedException {
    int port = -1;
    boolean ready = false;
    List<String> missing = new ArrayList<>(List.of(alsoExpected));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!(ready && missing.isEmpty() && port > 0) && System.nanoTime() < deadline) {
      String l = lines.poll(1, TimeUnit.SECONDS);
      if (l == null) continue;
      Matcher m = LISTENING.matcher(l);
      if (m.find()) port = Integer.parseInt(m.group(1));
      ready |= l.contains("acm-asr serve: ready");
      missing.removeIf(l::contains);
    }
    return ready && missing.isEmpty() ? port : -1;
  }

  /** Everything printed so far. */
  String log() {
    return String.join("\n", log);
  }

  /** Sends SIGTERM (as a service manager would), leaving our end of its output open. */
  void terminate() {
    process.toHandle().destroy();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    reader.join(5000);
  }
}
