package org.acmasr.server;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.AudioFormatException;
import org.acmasr.audio.AudioLimits;
import org.acmasr.audio.AudioTooLongException;
import org.acmasr.audio.DecodedAudio;
import org.acmasr.audio.PcmEncoding;
import org.acmasr.audio.RawPcmFormat;
import org.acmasr.budget.Budget;
import org.acmasr.server.protocol.ErrorCode;
import org.acmasr.server.protocol.ProtocolException;

/**
 * A {@code POST /v1/transcribe} request: a WAV, MP3 or FLAC body (recognised by content; the
 * Content-Type must still be an audio type), or headerless PCM declared with
 * {@code ?encoding=pcm_s16le|pcm_f32le&sample_rate=HZ[&channels=N]}; optional {@code budget}.
 *
 * @param samples the audio as mono at the rate asked for (the model's)
 * @param budget  compute budget β
 */
record AudioRequest(float[] samples, Budget budget) {
  static final Set<String> FILE_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave",
      "audio/mpeg", "audio/mp3", "audio/flac", "audio/x-flac");
  static final Set<String> RAW_TYPES = Set.of("audio/pcm", "application/octet-stream");
  private static final List<String> PARAMS = List.of("budget", "budget_floor", "encoding", "sample_rate", "channels",
      "token");

  /**
   * Parses and decodes (CPU work: call off the event loop), refusing audio longer than
   * {@code maxSeconds} before decoding when its length is declared (raw PCM, WAV, FLAC) and as soon as
   * decoding passes it otherwise (MP3), so memory is bounded by the limit.
   */
  static AudioRequest parse(String contentType, MultiMap query, byte[] body, Budget defaultBudget, int maxSeconds,
      int sampleRate) throws ProtocolException {
    boolean raw = checkHead(contentType, query);
    Budget budget = budget(query, defaultBudget);
    if (body.length == 0) throw new ProtocolException(ErrorCode.BAD_AUDIO, "the request body is empty");
    try {
      DecodedAudio audio = raw ? AudioDecoder.decode(body, rawFormat(query), maxSeconds)
          : AudioDecoder.decode(body, maxSeconds);
      return new AudioRequest(AudioDecoder.toMono(audio, sampleRate), budget);
    } catch (AudioTooLongException e) {
      throw new ProtocolException(ErrorCode.AUDIO_TOO_LONG, e.getMessage() + " (engine.max_audio_seconds)");
    } catch (AudioFormatException e) {
      throw new ProtocolException(ErrorCode.BAD_AUDIO, e.getMessage());
    }
  }

  /** {@code budget}: a number in (0, 1] or {@code auto} (then an optional {@code budget_floor}). */
  private static Budget budget(MultiMap query, Budget defaultBudget) throws ProtocolException {
    boolean auto = "auto".equals(query.get("budget"));
    try {
      Budget.requireAutoForFloor(auto, "budget_floor", query.get("budget_floor"), "budget=auto");
      if (auto) {
        return Budget.auto("budget_floor", query.contains("budget_floor") ? (Double) number(query, "budget_floor") : null);
      }
      return query.contains("budget")
          ? Budget.fixed("budget", number(query, "budget"), query.get("budget")) : defaultBudget;
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.BAD_CONFIG, e.getMessage());
    }
  }

  /**
   * What can be refused before the body is read: unknown or repeated query parameters and a
   * Content-Type that is not audio (a form body included, which must never reach a form parser).
   *
   * @return whether the body is raw PCM
   */
  static boolean checkHead(String contentType, MultiMap query) throws ProtocolException {
    for (String name : query.names()) {
      if (!PARAMS.contains(name)) {
        throw new ProtocolException(ErrorCode.BAD_CONFIG, "unknown query parameter \"" + name + "\"; expected "
            + String.join(", ", PARAMS));
      }
      int n = query.getAll(name).size();
      if (n > 1) {
        throw new ProtocolException(ErrorCode.BAD_CONFIG, "query parameter \"" + name + "\" is given " + n
            + " times; give it once");
      }
    }
    String type = mediaType(contentType); // "" when absent
    boolean raw = query.contains("encoding") || RAW_TYPES.contains(type);
    if (raw && !type.isEmpty() && !RAW_TYPES.contains(type)) {
      throw new ProtocolException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "raw PCM (?encoding=...) needs Content-Type "
          + "audio/pcm or application/octet-stream, got " + type);
    }
    if (!raw && !FILE_TYPES.contains(type)) {
      throw new ProtocolException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + (type.isEmpty() ? "(none)" : type)
          + " is not accepted; send audio/wav, audio/mpeg or audio/flac, or raw PCM as audio/pcm with "
          + "?encoding=pcm_s16le|pcm_f32le&sample_rate=HZ" + (type.startsWith("application/x-www-form-urlencoded")
          || type.startsWith("multipart/") ? " (curl: --data-binary @FILE -H 'Content-Type: audio/wav')" : ""));
    }
    return raw;
  }

  private static RawPcmFormat rawFormat(MultiMap query) throws ProtocolException {
    if (!query.contains("encoding")) throw new ProtocolException(ErrorCode.BAD_CONFIG, "encoding: required for raw PCM");
    if (!query.contains("sample_rate")) {
      throw new ProtocolException(ErrorCode.BAD_CONFIG, "sample_rate: required for raw PCM");
    }
    PcmEncoding encoding;
    try {
      encoding = PcmEncoding.parse(query.get("encoding"));
    } catch (AudioFormatException e) {
      throw bad("encoding", query.get("encoding"), "must be pcm_s16le or pcm_f32le");
    }
    int rate = integer(query, "sample_rate", AudioLimits.MIN_SAMPLE_RATE, AudioLimits.MAX_SAMPLE_RATE);
    int channels = query.contains("channels") ? integer(query, "channels", 1, AudioLimits.MAX_CHANNELS) : 1;
    try {
      return RawPcmFormat.of(encoding, rate, channels);
    } catch (AudioFormatException e) {
      throw new ProtocolException(ErrorCode.BAD_CONFIG, e.getMessage());
    }
  }

  private static String mediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) return "";
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static double number(MultiMap q, String name) throws ProtocolException {
    try {
      return Double.parseDouble(q.get(name));
    } catch (NumberFormatException e) {
      throw bad(name, q.get(name), "must be a number");
    }
  }

  private static int integer(MultiMap q, String name, int min, int max) throws ProtocolException {
    int v;
    try {
      v = Integer.parseInt(q.get(name));
    } catch (NumberFormatException e) {
      throw bad(name, q.get(name), "must be an integer");
    }
    if (v < min || v > max) throw bad(name, q.get(name), "must be in [" + min + ", " + max + "]");
    return v;
  }

  private static ProtocolException bad(String name, String value, String what) {
    return new ProtocolException(ErrorCode.BAD_CONFIG, name + " = " + value + ": " + what);
  }
}
