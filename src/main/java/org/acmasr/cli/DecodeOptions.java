package org.acmasr.cli;

import org.acmasr.config.DecoderSettings;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.model.AcmModel;
import picocli.CommandLine.Option;

/** Decoding options shared by the commands that recognise speech; unset ones come from the model file. */
final class DecodeOptions {
  @Option(names = "--beam", paramLabel = "N",
      description = "CTC beam width; 1 = greedy (default: the model's recommendation, else 1).")
  Integer beam;

  @Option(names = "--lm-weight", paramLabel = "A",
      description = "Weight of the model's character language model in beam search; 0 = none "
          + "(default: the model's recommendation, else 0).")
  Double lmWeight;

  @Option(names = "--token-bonus", paramLabel = "B",
      description = "Score added per emitted character with a language model (default: the model's recommendation).")
  Double tokenBonus;

  @Option(names = "--oov-penalty", paramLabel = "G",
      description = "Score subtracted per word outside the model's lexicon in beam search; 0 = lexicon not used "
          + "(default: the model's recommendation, else 0).")
  Double oovPenalty;

  @Option(names = "--word-lm-weight", paramLabel = "W",
      description = "Weight of the model's word language model in beam search; 0 = none "
          + "(default: the model's recommendation, else 0).")
  Double wordLmWeight;

  @Option(names = "--word-bonus", paramLabel = "B",
      description = "Score added per word with a word language model (default: the model's recommendation).")
  Double wordBonus;

  @Option(names = "--prune-threshold", paramLabel = "NATS",
      description = "Beam search at β = 1: only tokens within NATS of a frame's best start a new token; at budget β "
          + "the search uses NATS × β (default: the model's recommendation, else "
          + RecognizerConfig.DEFAULT_PRUNE_THRESHOLD + ").")
  Double pruneThreshold;

  /** The model's recommended settings with the configuration's {@code decoder} overrides. */
  static RecognizerConfig recommended(AcmModel model, DecoderSettings decoder) {
    return decoder.applyTo(RecognizerConfig.forModel(model.data().metadata()));
  }

  /** The recognizer settings for {@code model}: its recommendations overridden by the options given. */
  RecognizerConfig config(AcmModel model) {
    return config(model, DecoderSettings.defaults());
  }

  /**
   * As {@link #config(AcmModel)}, starting from the configuration's {@code decoder} overrides where the
   * options are not given.
   */
  RecognizerConfig config(AcmModel model, DecoderSettings decoder) {
    RecognizerConfig c = recommended(model, decoder);
    if (beam != null) c = c.withBeamWidth(beam);
    if (lmWeight != null || tokenBonus != null) {
      c = c.withLanguageModel(lmWeight != null ? lmWeight : c.lmWeight(), tokenBonus != null ? tokenBonus : c.tokenBonus());
    }
    if (oovPenalty != null) c = c.withOovPenalty(oovPenalty);
    if (pruneThreshold != null) c = c.withPruneThreshold(pruneThreshold);
    if (wordLmWeight != null || wordBonus != null) {
      c = c.withWordLm(wordLmWeight != null ? wordLmWeight : c.wordLmWeight(),
          wordBonus != null ? wordBonus : c.wordBonus());
    }
    return c;
  }
}
