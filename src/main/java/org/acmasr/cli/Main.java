package org.acmasr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code acm-asr} command line. Only this package may end the process. */
@Command(
    name = "acm-asr",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Streaming speech recognition with adaptive computation.",
    subcommands = {FeaturesCommand.class, TranscribeCommand.class, CorpusCommand.class, TrainCommand.class, EvalCommand.class,
        BenchCommand.class, ServeCommand.class, ListenCommand.class, KafkaCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (0 ok, 1 failure, 2 usage error). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI writing to the given streams (used by tests). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(Main::handleFailure);
    return cli.execute(args);
  }

  private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof IOException || e instanceof IllegalArgumentException) {
      // Expected failures (bad input files, bad settings): one line, no stack trace.
      err.println("acm-asr " + cmd.getCommandName() + ": " + e.getMessage());
    } else {
      err.println("acm-asr " + cmd.getCommandName() + ": internal error: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** Reads the version Maven filtered into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/org/acmasr/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"acm-asr " + p.getProperty("version", "unknown"),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
  }
}
