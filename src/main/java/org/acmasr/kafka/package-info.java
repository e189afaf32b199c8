/**
 * Exactly-once batch transcription through Kafka: the worker verticle (poll loop, chunk reassembly,
 * transactions, dead letters), the submitter and the tail; records are {@code proto/acmasr/kafka.proto}.
 * May use {@code engine}, {@code config}, {@code decode} (result words) and {@code audio}; never
 * {@code server} or {@code train}.
 */
package org.acmasr.kafka;
