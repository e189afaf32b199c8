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
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Thread reader;

  /** Starts {@code serve} on 127.0.0.1, any free port, with {@code args} added. */
  ServeProcess(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-jar", System.getProperty("acm.jar", "target/acm-asr.jar"), "serve", "--host", "127.0.0.1",
        "--port", "0"));
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
