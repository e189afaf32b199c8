package org.acmasr.decode;

import static org.acmasr.check.Require.require;

/**
 * Settings of {@link CtcPrefixBeamSearch}. Immutable; the constructor rejects bad values with a
 * message that names the key and the value.
 *
 * @param beamWidth      number of prefixes kept after each frame (>= 1)
 * @param pruneThreshold per frame, only tokens whose log-probability is at least
 *     {@code max - pruneThreshold} (nats) may extend a prefix; > 0, {@code Double.POSITIVE_INFINITY}
 *     disables pruning
 * @param lmWeight       weight α of the character language model's log-probability in shallow fusion
 *     (score = log P_ctc + α log P_lm + β · tokens); 0 ignores the language model
 * @param tokenBonus     β, added per emitted token to balance the language model's per-token cost
 * @param oovPenalty     γ ≥ 0, subtracted once for each word that leaves the decoder's {@link Lexicon}
 *     (is not a known word); 0 ignores the lexicon (unless a word LM brings its own)
 * @param wordLmWeight   weight of the word language model's log-probability, added when a word ends
 *     (and, for the word being spelled, its best unigram as look-ahead); 0 ignores the word LM
 * @param wordBonus      added per word with a word LM, to balance its per-word cost
 */
public record BeamSearchConfig(int beamWidth, double pruneThreshold, double lmWeight, double tokenBonus,
    double oovPenalty, double wordLmWeight, double wordBonus) {

  public BeamSearchConfig {
    require(beamWidth >= 1, "beam.width", beamWidth, "must be >= 1");
    require(pruneThreshold > 0, "beam.prune_threshold", pruneThreshold,
        "must be > 0 (Infinity disables pruning)");
    require(lmWeight >= 0 && lmWeight <= 10, "beam.lm_weight", lmWeight, "must be in [0, 10]");
    require(Double.isFinite(tokenBonus) && Math.abs(tokenBonus) <= 20, "beam.token_bonus", tokenBonus,
        "must be in [-20, 20]");
    require(oovPenalty >= 0 && oovPenalty <= 50, "beam.oov_penalty", oovPenalty, "must be in [0, 50]");
    require(wordLmWeight >= 0 && wordLmWeight <= 10, "beam.word_lm_weight", wordLmWeight, "must be in [0, 10]");
    require(Double.isFinite(wordBonus) && Math.abs(wordBonus) <= 50, "beam.word_bonus", wordBonus,
        "must be in [-50, 50]");
  }

  public BeamSearchConfig(int beamWidth, double pruneThreshold, double lmWeight, double tokenBonus, double oovPenalty) {
    this(beamWidth, pruneThreshold, lmWeight, tokenBonus, oovPenalty, 0, 0);
  }

  public BeamSearchConfig(int beamWidth, double pruneThreshold) {
    this(beamWidth, pruneThreshold, 0, 0, 0);
  }

  public BeamSearchConfig(int beamWidth, double pruneThreshold, double lmWeight, double tokenBonus) {
    this(beamWidth, pruneThreshold, lmWeight, tokenBonus, 0);
  }

  /** Width 10, pruning 10 nats below each frame's best token, no language model. */
  public static BeamSearchConfig defaults() {
    return new BeamSearchConfig(10, 10.0);
  }

  public BeamSearchConfig withBeamWidth(int width) {
    return new BeamSearchConfig(width, pruneThreshold, lmWeight, tokenBonus, oovPenalty, wordLmWeight, wordBonus);
  }

  public BeamSearchConfig withPruneThreshold(double threshold) {
    return new BeamSearchConfig(beamWidth, threshold, lmWeight, tokenBonus, oovPenalty, wordLmWeight, wordBonus);
  }

  public BeamSearchConfig withLanguageModel(double weight, double bonus) {
    return new BeamSearchConfig(beamWidth, pruneThreshold, weight, bonus, oovPenalty, wordLmWeight, wordBonus);
  }

  public BeamSearchConfig withOovPenalty(double penalty) {
    return new BeamSearchConfig(beamWidth, pruneThreshold, lmWeight, tokenBonus, penalty, wordLmWeight, wordBonus);
  }

  public BeamSearchConfig withWordLm(double weight, double bonus) {
    return new BeamSearchConfig(beamWidth, pruneThreshold, lmWeight, tokenBonus, oovPenalty, weight, bonus);
  }
}
