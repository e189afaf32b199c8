package org.acmasr.config;

/**
 * The Vosk-compatible endpoint ({@code /v1/vosk} on the main port always). Validated; errors name the key.
 *
 * @param port       a second listener speaking only the Vosk protocol, at {@code /} (vosk-server's clients
 *                   connect to {@code ws://host:2700}); -1 = none, 0 = any free port
 * @param sampleRate the rate assumed for clients that send no {@code config.sample_rate} (vosk-server's
 *                   {@code VOSK_SAMPLE_RATE}, default 8000)
 */
public record VoskConfig(int port, int sampleRate) {

  public VoskConfig {
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("vosk.port = " + port + ": must be in [0, 65535], or -1 for no second port");
    }
    if (sampleRate < 8000 || sampleRate > 48000) { // the stream rates the protocol takes
      throw new IllegalArgumentException("vosk.sample_rate = " + sampleRate + ": must be in [8000, 48000]");
    }
  }

  public static VoskConfig defaults() {
    return new VoskConfig(-1, 8000);
  }

  public boolean portEnabled() {
    return port >= 0;
  }

  public VoskConfig withPort(int p) {
    return new VoskConfig(p, sampleRate);
  }
}
