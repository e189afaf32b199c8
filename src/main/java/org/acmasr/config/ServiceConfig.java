package org.acmasr.config;

import java.util.List;

/**
 * The whole configuration of the service, read once from one file and the environment by
 * {@link ConfigLoader} and validated as a whole.
 *
 * @param serve    what {@code serve} runs on: listener, limits, engine, decoder, endpointing, model, Vosk
 * @param kafka    the Kafka worker's section (its default budget is {@code decoder.budget}, as the server's)
 * @param warnings what the configuration uses that is deprecated, one sentence each, for the operator
 */
public record ServiceConfig(ServeConfig serve, KafkaConfig kafka, List<String> warnings) {

  public ServiceConfig {
    if (serve == null || kafka == null) throw new IllegalArgumentException("serve and kafka settings must be set");
    warnings = List.copyOf(warnings);
  }
}
