package org.acmasr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.acmasr.budget.Budget;
import org.acmasr.server.client.ListenClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "listen", header = "Stream an audio file to a running serve over WebSocket in real time and print the captions.", mixinStandardHelpOptions = true,
    description = {"Stream an audio file to a running `serve` over WebSocket, as a microphone would (real time),",
        "and print each final caption as it arrives."})
final class ListenCommand extends CliCommand {
  @Parameters(paramLabel = "FILE", description = "Audio file (WAV, MP3, FLAC, or raw PCM with --raw/--rate).")
  Path file;

  @Option(names = "--url", defaultValue = "ws://localhost:8080/v1/listen",
      description = "WebSocket URL of /v1/listen (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--token", description = "API key (default: $ACM_API_KEY).", defaultValue = "${env:ACM_API_KEY}")
  String token;

  @Option(names = {"-b", "--budget"}, description = "Compute budget in (0, 1] (default: the server's).")
  Double budget;

  @Option(names = "--fast", description = "Send as fast as the server reads instead of in real time.")
  boolean fast;

  @Option(names = "--partials", description = "Also print partial results (prefixed with '… ').")
  boolean partials;

  @Option(names = "--json", description = "Print every server message as received, one JSON object per line.")
  boolean json;

  @Option(names = "--insecure", description = "Accept any TLS certificate (self-signed test servers).")
  boolean insecure;

  @Mixin
  AudioInputOptions input;

  @Override
  public Integer call() throws Exception {
    if (budget != null) Budget.fixed(budget);
    float[] samples = input.readMono(file, ListenClient.SAMPLE_RATE);
    PrintWriter out = stdout();
    PrintWriter err = stderr();
    ObjectNode start = new ObjectMapper().createObjectNode().put("interim_results", partials || json);
    if (budget != null) start.put("budget", budget);
    Vertx vertx = Vertx.vertx();
    try (ListenClient client = new ListenClient(vertx, insecure)) {
      ListenClient.Outcome o = client.stream(new ListenClient.Settings(url, token == null || token.isBlank() ? null : token,
          start, 100, !fast), samples, m -> print(m, out)).get((long) (samples.length / (double) ListenClient.SAMPLE_RATE * 4) + 120, TimeUnit.SECONDS);
      if (o.failure() != null) {
        err.println("acm-asr listen: cannot connect to " + url + ": " + o.failure().getMessage()
            + (!insecure && certificateProblem(o.failure())
                ? " (a self-signed or untrusted certificate? add --insecure to accept any certificate)" : ""));
        return 1;
      }
      for (JsonNode e : o.errors()) {
        err.println("acm-asr listen: server error " + e.path("code").asText() + ": " + e.path("message").asText());
      }
      if (!o.ok()) {
        err.println("acm-asr listen: connection closed with " + o.closeCode()
            + (o.closeReason() == null ? "" : " (" + o.closeReason() + ")"));
        return 1;
      }
      return 0;
    } finally {
      vertx.close();
    }
  }

  /** Whether a connection failed on the server's TLS certificate. */
  static boolean certificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) return true;
    }
    return false;
  }

  private void print(JsonNode m, PrintWriter out) {
    if (json) {
      out.println(m.toString());
    } else if (m.path("type").asText().equals("final") && !m.path("text").asText().isEmpty()) {
      out.println(m.path("text").asText());
    } else if (partials && m.path("type").asText().equals("partial")) {
      out.println("… " + m.path("text").asText());
    }
    out.flush();
  }
}
