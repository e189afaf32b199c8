package org.acmasr.cli;

import picocli.CommandLine.Option;

/** The random seed of the training commands ({@code train teacher}, {@code train acm}). */
final class SeedOption {
  @Option(names = "--seed", defaultValue = "17", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;
}
