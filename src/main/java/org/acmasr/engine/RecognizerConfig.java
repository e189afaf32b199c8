package org.acmasr.engine;

import org.acmasr.budget.Budget;
import org.acmasr.decode.EndpointConfig;

/**
 * Decoding settings shared by every stream of a {@link Recognizer}.
 *
 * @param beamWidth     1 for greedy CTC decoding, more for prefix beam search
 * @param endpoint      the three endpoint rules that close a segment
 * @param defaultBudget compute budget β for streams that name none, in (0, 1]
 * @param lmWeight      weight of the model's character language model in beam search (0: not used;
 *                      ignored by greedy decoding and by models without one)
 * @param tokenBonus    score added per emitted token in beam search with a language model
 * @param oovPenalty    score subtracted in beam search for each word outside the model's lexicon (0: the
 *                      lexicon is not used; ignored by greedy decoding and by models without one)
 * @param wordLmWeight  weight of the model's word language model in beam search (0: not used; ignored
 *                      by greedy decoding and by models without one)
 * @param wordBonus     score added per word in beam search with a word language model
 * @param pruneThreshold beam search at β = 1: only tokens within this many nats of a frame's best may
 *                      start a new token; a chunk decoded at budget β uses {@code pruneThreshold × β}, so
 *                      the search's work follows the budget as the encoder's does
 */
public record RecognizerConfig(int beamWidth, EndpointConfig endpoint, float defaultBudget, double lmWeight,
    double tokenBonus, double oovPenalty, double wordLmWeight, double wordBonus, double pruneThreshold) {

  /** Prune threshold at β = 1 unless the model or the command says otherwise (nats). */
  public static final double DEFAULT_PRUNE_THRESHOLD = 10.0;

  public RecognizerConfig {
    if (beamWidth < 1 || beamWidth > 256) {
      throw new IllegalArgumentException("decoder.beam_width = " + beamWidth + ": must be in [1, 256]");
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("decoder.endpoint: must be set");
    }
    Budget.fixed(defaultBudget);
    if (!(lmWeight >= 0 && lmWeight <= 10)) {
      throw new IllegalArgumentException("decoder.lm_weight = " + lmWeight + ": must be in [0, 10]");
    }
    if (!(Double.isFinite(tokenBonus) && Math.abs(tokenBonus) <= 20)) {
      throw new IllegalArgumentException("decoder.token_bonus = " + tokenBonus + ": must be in [-20, 20]");
    }
    if (!(oovPenalty >= 0 && oovPenalty <= 50)) {
      throw new IllegalArgumentException("decoder.oov_penalty = " + oovPenalty + ": must be in [0, 50]");
    }
    if (!(wordLmWeight >= 0 && wordLmWeight <= 10)) {
      throw new IllegalArgumentException("decoder.word_lm_weight = " + wordLmWeight + ": must be in [0, 10]");
    }
    if (!(Double.isFinite(wordBonus) && Math.abs(wordBonus) <= 50)) {
      throw new IllegalArgumentException("decoder.word_bonus = " + wordBonus + ": must be in [-50, 50]");
    }
    if (!(pruneThreshold >= 0.5 && pruneThreshold <= 100)) {
      throw new IllegalArgumentException("decoder.prune_threshold = " + pruneThreshold + ": must be in [0.5, 100] nats");
    }
  }

  public RecognizerConfig(int beamWidth, EndpointConfig endpoint, float defaultBudget, double lmWeight,
      double tokenBonus, double oovPenalty, double wordLmWeight, double wordBonus) {
    this(beamWidth, endpoint, defaultBudget, lmWeight, tokenBonus, oovPenalty, wordLmWeight, wordBonus,
        DEFAULT_PRUNE_THRESHOLD);
  }

  public RecognizerConfig(int beamWidth, EndpointConfig endpoint, float defaultBudget, double lmWeight,
      double tokenBonus, double oovPenalty) {
    this(beamWidth, endpoint, defaultBudget, lmWeight, tokenBonus, oovPenalty, 0, 0);
  }

  public RecognizerConfig(int beamWidth, EndpointConfig endpoint, float defaultBudget) {
    this(beamWidth, endpoint, defaultBudget, 0, 0, 0);
  }

  public static RecognizerConfig defaults() {
    return new RecognizerConfig(1, EndpointConfig.defaults(), 1f);
  }

  /** Metadata keys under which a model file recommends its decoding settings (tuned on dev data). */
  public static final String META_BEAM = "decode.beam_width";
  public static final String META_LM_WEIGHT = "decode.lm_weight";
  public static final String META_TOKEN_BONUS = "decode.token_bonus";
  public static final String META_OOV_PENALTY = "decode.oov_penalty";
  public static final String META_WORD_LM_WEIGHT = "decode.word_lm_weight";
  public static final String META_WORD_BONUS = "decode.word_bonus";
  public static final String META_PRUNE_THRESHOLD = "decode.prune_threshold";

  /**
   * The defaults with the decoding settings the model recommends in its metadata (beam width, LM weight,
   * token bonus and out-of-vocabulary penalty), if any.
   *
   * @throws IllegalArgumentException when a recommended value is malformed, naming the key
   */
  public static RecognizerConfig forModel(java.util.Map<String, String> metadata) {
    RecognizerConfig d = defaults();
    int beam = (int) number(metadata, META_BEAM, d.beamWidth());
    return new RecognizerConfig(beam, d.endpoint(), d.defaultBudget(), number(metadata, META_LM_WEIGHT, 0),
        number(metadata, META_TOKEN_BONUS, 0), number(metadata, META_OOV_PENALTY, 0),
        number(metadata, META_WORD_LM_WEIGHT, 0), number(metadata, META_WORD_BONUS, 0),
        number(metadata, META_PRUNE_THRESHOLD, DEFAULT_PRUNE_THRESHOLD));
  }

  private static double number(java.util.Map<String, String> metadata, String key, double fallback) {
    String v = metadata.get(key);
    if (v == null) return fallback;
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("model metadata " + key + " = " + v + ": not a number");
    }
  }

  public RecognizerConfig withBeamWidth(int width) {
    return new RecognizerConfig(width, endpoint, defaultBudget, lmWeight, tokenBonus, oovPenalty, wordLmWeight, wordBonus,
        pruneThreshold);
  }

  public RecognizerConfig withLanguageModel(double weight, double bonus) {
    return new RecognizerConfig(beamWidth, endpoint, defaultBudget, weight, bonus, oovPenalty, wordLmWeight, wordBonus,
        pruneThreshold);
  }

  public RecognizerConfig withOovPenalty(double penalty) {
    return new RecognizerConfig(beamWidth, endpoint, defaultBudget, lmWeight, tokenBonus, penalty, wordLmWeight, wordBonus,
        pruneThreshold);
  }

  public RecognizerConfig withWordLm(double weight, double bonus) {
    return new RecognizerConfig(beamWidth, endpoint, defaultBudget, lmWeight, tokenBonus, oovPenalty, weight, bonus,
        pruneThreshold);
  }

  public RecognizerConfig withPruneThreshold(double nats) {
    return new RecognizerConfig(beamWidth, endpoint, defaultBudget, lmWeight, tokenBonus, oovPenalty, wordLmWeight,
        wordBonus, nats);
  }

  public RecognizerConfig withEndpoint(EndpointConfig e) {
    return new RecognizerConfig(beamWidth, e, defaultBudget, lmWeight, tokenBonus, oovPenalty, wordLmWeight, wordBonus,
        pruneThreshold);
  }
}
