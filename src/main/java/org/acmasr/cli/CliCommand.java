package org.acmasr.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that runs: picocli injects its spec, and {@link #out} and {@link #err} are the command
 * line's writers (those {@link Main#run} was given, so the tests read what a user sees). The bare
 * {@code @Command} sets nothing a subclass inherits; picocli wants one around a {@code @Spec}.
 */
@Command
abstract class CliCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Where results go. */
  PrintWriter stdout() {
    return spec.commandLine().getOut();
  }

  /** Where diagnostics and errors go. */
  PrintWriter stderr() {
    return spec.commandLine().getErr();
  }
}
