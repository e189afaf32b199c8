/**
 * The command line ({@code picocli}): one class per command, option blocks shared as mixins
 * ({@code ModelOptions}, {@code DecodeOptions}, {@code CorpusOptions}, {@code KafkaOptions}...), and
 * the composition root that builds the engine and hands it to the server and the Kafka worker. May use
 * every package; the only one that may exit the process.
 */
package org.acmasr.cli;
