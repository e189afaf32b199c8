/**
 * The command line ({@code picocli}): one class per command, each a {@code CliCommand} (its spec and
 * output writers), option blocks shared as mixins ({@code ModelOptions}, {@code DecodeOptions},
 * {@code CorpusOptions}, {@code AudioInputOptions}, {@code KafkaOptions}, {@code SeedOption}...), and
 * the composition root that builds the engine and hands it to the server and the Kafka worker. May use
 * every package; the only one that may exit the process.
 */
package org.acmasr.cli;
