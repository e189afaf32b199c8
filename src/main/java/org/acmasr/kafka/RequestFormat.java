package org.acmasr.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.acmasr.audio.AudioLimits;
import org.acmasr.audio.PcmEncoding;
import org.acmasr.audio.RawPcmFormat;
import org.acmasr.budget.Budget;
import org.acmasr.kafka.proto.AudioRecord;
import org.acmasr.kafka.proto.FailureReason;

/**
 * What a request declares about its audio, validated: a self-describing container (WAV, MP3, FLAC) or
 * headerless PCM with its rate and channels, the budget and the metadata to echo.
 *
 * @param raw      the PCM format, or null for a container recognised from its bytes
 * @param budget   β
 * @param metadata echoed on the request's transcript or dead letter
 */
record RequestFormat(RawPcmFormat raw, Budget budget, Map<String, String> metadata) {
  /** Encodings that mean "recognise the container from the bytes". */
  private static final Set<String> CONTAINERS = Set.of("", "auto", "wav", "mp3", "flac");

  RequestFormat {
    metadata = Map.copyOf(metadata);
  }

  /** {@code budget}, or {@code budget_auto} with an optional {@code budget_floor}, or the default. */
  private static Budget budget(AudioRecord r, Budget.Fixed defaultBudget) throws InvalidRequestException {
    try {
      if (r.getBudgetAuto() && r.hasBudget()) {
        throw new IllegalArgumentException("budget = " + r.getBudget() + " and budget_auto: give one of them");
      }
      Budget.requireAutoForFloor(r.getBudgetAuto(), "budget_floor",
          r.hasBudgetFloor() ? Float.toString(r.getBudgetFloor()) : null, "budget_auto");
      if (r.getBudgetAuto()) return Budget.auto("budget_floor", r.hasBudgetFloor() ? (double) r.getBudgetFloor() : null);
      return r.hasBudget() ? Budget.fixed("budget", r.getBudget(), Float.toString(r.getBudget())) : defaultBudget;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(FailureReason.BAD_BUDGET, e.getMessage());
    }
  }

  /** Reads the declaration of a whole request or of its chunk 0. */
  static RequestFormat of(AudioRecord r, Budget.Fixed defaultBudget) throws InvalidRequestException {
    Budget budget = budget(r, defaultBudget);
    String encoding = r.getEncoding().trim().toLowerCase(Locale.ROOT);
    if (CONTAINERS.contains(encoding)) {
      return new RequestFormat(null, budget, r.getMetadataMap());
    }
    PcmEncoding pcm = pcm(encoding);
    long rate = Integer.toUnsignedLong(r.getSampleRate());
    if (rate < AudioLimits.MIN_SAMPLE_RATE || rate > AudioLimits.MAX_SAMPLE_RATE) {
      throw new InvalidRequestException(FailureReason.BAD_SAMPLE_RATE, "sample_rate = " + rate + ": raw " + pcm
          + " needs a sample rate in [" + AudioLimits.MIN_SAMPLE_RATE + ", " + AudioLimits.MAX_SAMPLE_RATE + "] Hz");
    }
    long channels = r.getChannels() == 0 ? 1 : Integer.toUnsignedLong(r.getChannels());
    if (channels > AudioLimits.MAX_CHANNELS) {
      throw new InvalidRequestException(FailureReason.BAD_CHANNELS, "channels = " + channels + ": must be in [1, "
          + AudioLimits.MAX_CHANNELS + "]");
    }
    return new RequestFormat(new RawPcmFormat(pcm, (int) rate, (int) channels), budget, r.getMetadataMap());
  }

  private static PcmEncoding pcm(String encoding) throws InvalidRequestException {
    for (PcmEncoding e : PcmEncoding.values()) {
      if (e.wireName().equals(encoding)) return e;
    }
    throw new InvalidRequestException(FailureReason.UNKNOWN_ENCODING, "encoding = '" + encoding
        + "': expected auto (WAV, MP3 or FLAC recognised from the bytes), pcm_s16le or pcm_f32le");
  }
}
