package org.acmasr.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.acmasr.decode.CharNgramLm;
import org.acmasr.decode.Lexicon;
import org.acmasr.decode.TokenSet;
import org.acmasr.engine.LanguageModelTensors;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.train.data.CommonVoiceTsv;
import org.acmasr.train.data.CorpusRow;
import org.acmasr.train.data.CorpusSplit;
import org.acmasr.train.lm.KneserNeyBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "lm", mixinStandardHelpOptions = true,
    description = {"Train a character n-gram language model (interpolated Kneser-Ney) on the distinct sentences of a",
        "corpus split and store it in a copy of a model file, with the decoding settings to recommend."})
final class TrainLmCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR|TSV", description = "Common Voice folder or TSV.")
  Path data;

  @Option(names = "--split", defaultValue = "train", description = "Split whose text is used (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model to add the language model to.")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write.")
  Path out;

  @Option(names = "--order", defaultValue = "7", description = "n-gram order, 1-" + LanguageModelTensors.MAX_FILE_ORDER
      + " (default: ${DEFAULT-VALUE}).")
  int order;

  @Option(names = "--beam", defaultValue = "8", description = "Beam width to recommend (default: ${DEFAULT-VALUE}).")
  int beam;

  @Option(names = "--lm-weight", defaultValue = "0.5", description = "LM weight to recommend (default: ${DEFAULT-VALUE}).")
  double lmWeight;

  @Option(names = "--token-bonus", defaultValue = "1.0", description = "Token bonus to recommend (default: ${DEFAULT-VALUE}).")
  double tokenBonus;

  @Option(names = "--oov-penalty", defaultValue = "0", paramLabel = "G", description = {"Store the split's words as the "
      + "model's lexicon and recommend this penalty per", "out-of-vocabulary word in beam search; 0 = no lexicon "
      + "(default: ${DEFAULT-VALUE})."})
  double oovPenalty;

  @Option(names = "--name", paramLabel = "NAME", description = "Model name to record (default: keep the input's).")
  String name;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (order < 1 || order > LanguageModelTensors.MAX_FILE_ORDER) {
      throw new IllegalArgumentException("--order " + order + ": must be in [1, " + LanguageModelTensors.MAX_FILE_ORDER + "]");
    }
    new RecognizerConfig(beam, RecognizerConfig.defaults().endpoint(), 1f, lmWeight, tokenBonus, oovPenalty); // validates
    ModelData base = ModelFile.read(model);
    CorpusSplit rows = CommonVoiceTsv.open(data, split);
    Set<String> sentences = new LinkedHashSet<>();
    for (CorpusRow r : rows.rows()) {
      if (!r.text().isBlank()) sentences.add(r.text());
    }
    TokenSet tokens = new TokenSet(base.config().tokens());
    KneserNeyBuilder b = new KneserNeyBuilder(order, tokens);
    long chars = 0;
    for (String s : sentences) chars += b.addSentence(s);
    CharNgramLm lm = b.build();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("lm.source", data.getFileName() + "/" + split + ": " + sentences.size() + " distinct sentences, " + chars
        + " characters");
    if (name != null) meta.put("name", name);
    meta.put(RecognizerConfig.META_BEAM, Integer.toString(beam));
    meta.put(RecognizerConfig.META_LM_WEIGHT, Double.toString(lmWeight));
    meta.put(RecognizerConfig.META_TOKEN_BONUS, Double.toString(tokenBonus));
    meta.put(RecognizerConfig.META_OOV_PENALTY, Double.toString(oovPenalty));
    // Without a penalty, a lexicon the input carried is dropped: it would not match the new settings.
    Lexicon lexicon = oovPenalty > 0 ? Lexicon.ofText(tokens, sentences) : null;
    ModelFile.write(out, LanguageModelTensors.withLexicon(LanguageModelTensors.with(base, lm, meta), lexicon));
    spec.commandLine().getOut().printf(Locale.ROOT, "%d-gram character LM from %d sentences (%d characters): %d n-grams; "
        + "%s; wrote %s (beam %d, LM weight %.2f, token bonus %.2f, OOV penalty %.2f)%n", order, sentences.size(), chars,
        lm.size(), lexicon == null ? "no lexicon" : "lexicon of " + lexicon.size() + " words", out, beam, lmWeight,
        tokenBonus, oovPenalty);
    return 0;
  }
}
