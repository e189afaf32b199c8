package org.acmasr.server.protocol;

import org.acmasr.audio.PcmEncoding;
import org.acmasr.budget.Budget;
import org.acmasr.config.SessionDefaults;

/**
 * A Vosk-protocol session's settings: vosk-server's {@code config} keys over the server's defaults.
 *
 * @param sampleRate      rate of the 16-bit little-endian mono PCM the client sends
 * @param words           whether finals carry {@code result} (per-word times and confidences)
 * @param maxAlternatives above 0, finals come as {@code {"alternatives": [...]}} (acm-asr returns the best path only)
 * @param budget          compute budget β (acm-asr's extra {@code config.budget})
 * @param budgetGiven     whether the client set {@code budget}; then finals also carry {@code compute}
 */
public record VoskOptions(int sampleRate, boolean words, int maxAlternatives, Budget.Fixed budget, boolean budgetGiven) {

  /** vosk-server's defaults ({@code words} on, no alternatives) at the given rate and budget. */
  public static VoskOptions defaults(int sampleRate, Budget.Fixed budget) {
    return new VoskOptions(sampleRate, true, 0, budget, false);
  }

  /** The stream settings: 16-bit mono at {@link #sampleRate}, partials on, the server's endpointing. */
  public SessionConfig toSessionConfig(SessionDefaults defaults) {
    return new SessionConfig(PcmEncoding.PCM_S16LE, sampleRate, 1, budget, true, words, defaults.endpointing());
  }
}
