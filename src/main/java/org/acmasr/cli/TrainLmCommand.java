package org.acmasr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.acmasr.decode.ArpaReader;
import org.acmasr.decode.ArpaWriter;
import org.acmasr.decode.CharNgramLm;
import org.acmasr.decode.WordFusion;
import org.acmasr.decode.WordNgramLm;
import org.acmasr.decode.WordNgrams;
import org.acmasr.engine.WordLmTensors;
import org.acmasr.train.lm.HeldOutFilter;
import org.acmasr.train.lm.WordLmOptions;
import org.acmasr.train.lm.WordLmTraining;
import org.acmasr.decode.Lexicon;
import org.acmasr.decode.TokenSet;
import org.acmasr.engine.LanguageModelTensors;
import org.acmasr.engine.RecognizerConfig;
import org.acmasr.model.ModelData;
import org.acmasr.model.ModelFile;
import org.acmasr.train.data.CommonVoiceTsv;
import org.acmasr.train.data.CorpusRow;
import org.acmasr.train.lm.KneserNeyBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lm", header = "Add character and word n-gram language models, with decoding settings, to a model file.", mixinStandardHelpOptions = true,
    description = {"Train a character n-gram language model (interpolated Kneser-Ney) on the distinct sentences of a",
        "corpus split and store it in a copy of a model file, with the decoding settings to recommend;",
        "with --text, also build a word n-gram LM (modified Kneser-Ney) from text files plus those sentences,",
        "or with --arpa, bring a word LM made elsewhere (KenLM, SRILM)."})
final class TrainLmCommand extends CliCommand {
  @Option(names = "--data", required = true, paramLabel = "DIR|TSV", description = {"Common Voice folder or TSV "
      + "(repeatable): its split's sentences train the LMs;", "with --text, its dev and test sentences are held out."})
  List<Path> data;

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

  @Option(names = "--text", paramLabel = "FILE", description = {"Text for a word LM, one normalised sentence a line "
      + "(repeatable); streamed twice."})
  List<Path> text = new ArrayList<>();

  @Option(names = "--arpa", paramLabel = "FILE", description = "Word LM in ARPA format (.gz too) to store instead of "
      + "building one.")
  Path arpa;

  @Option(names = "--exclude", paramLabel = "DIR|TSV", description = "Also hold out the dev and test sentences of this "
      + "corpus (repeatable).")
  List<Path> exclude = new ArrayList<>();

  @Option(names = "--word-order", defaultValue = "3", description = "Word LM order, 1-" + WordLmOptions.MAX_ORDER
      + " (default: ${DEFAULT-VALUE}).")
  int wordOrder;

  @Option(names = "--vocab", defaultValue = "0", paramLabel = "N", description = "Keep the N most frequent words, "
      + "the others are <unk>; 0 = all (default: ${DEFAULT-VALUE}).")
  int vocab;

  @Option(names = "--prune", paramLabel = "C1,C2,..", split = ",", description = {"Raw count an n-gram of each order "
      + "needs to be kept (count cut-offs),", "e.g. 1,1,2; C1 must be 1 (default: keep all)."})
  int[] prune;

  @Option(names = "--write-arpa", paramLabel = "FILE", description = "Also write the word LM as ARPA (.gz compresses).")
  Path writeArpa;

  @Option(names = "--word-lm-weight", defaultValue = "0.5", paramLabel = "W", description = "Word LM weight to "
      + "recommend (default: ${DEFAULT-VALUE}).")
  double wordLmWeight;

  @Option(names = "--word-bonus", defaultValue = "0", paramLabel = "B", description = "Word bonus to recommend "
      + "(default: ${DEFAULT-VALUE}).")
  double wordBonus;

  @Override
  public Integer call() throws Exception {
    if (order < 1 || order > LanguageModelTensors.MAX_FILE_ORDER) {
      throw new IllegalArgumentException("--order " + order + ": must be in [1, " + LanguageModelTensors.MAX_FILE_ORDER + "]");
    }
    boolean word = !text.isEmpty() || arpa != null;
    new RecognizerConfig(beam, RecognizerConfig.defaults().endpoint(), 1f, lmWeight, tokenBonus, oovPenalty,
        word ? wordLmWeight : 0, word ? wordBonus : 0); // validates
    if (!text.isEmpty() && arpa != null) throw new IllegalArgumentException("--text and --arpa: give one, not both");
    WordLmOptions wordOptions = text.isEmpty() ? null : new WordLmOptions(wordOrder, vocab, prune != null ? prune
        : WordLmOptions.unpruned(wordOrder, vocab).minCounts());
    ModelData base = ModelFile.read(model);
    Set<String> sentences = new LinkedHashSet<>();
    for (Path d : data) {
      for (CorpusRow r : CommonVoiceTsv.open(d, split).rows()) {
        if (!r.text().isBlank()) sentences.add(r.text());
      }
    }
    TokenSet tokens = new TokenSet(base.config().tokens());
    KneserNeyBuilder b = new KneserNeyBuilder(order, tokens);
    long chars = 0;
    for (String s : sentences) chars += b.addSentence(s);
    CharNgramLm lm = b.build();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("lm.source", data.stream().map(d -> d.getFileName().toString()).toList() + "/" + split + ": " + sentences.size() + " distinct sentences, " + chars
        + " characters");
    if (name != null) meta.put("name", name);
    meta.put(RecognizerConfig.META_BEAM, Integer.toString(beam));
    meta.put(RecognizerConfig.META_LM_WEIGHT, Double.toString(lmWeight));
    meta.put(RecognizerConfig.META_TOKEN_BONUS, Double.toString(tokenBonus));
    meta.put(RecognizerConfig.META_OOV_PENALTY, Double.toString(oovPenalty));
    // Without a penalty, a lexicon the input carried is dropped: it would not match the new settings.
    Lexicon lexicon = oovPenalty > 0 ? Lexicon.ofText(tokens, sentences) : null;
    ModelData result = LanguageModelTensors.withLexicon(LanguageModelTensors.with(base, lm, meta), lexicon);
    if (word) result = withWordLm(result, sentences, wordOptions);
    ModelFile.write(out, result);
    stdout().printf(Locale.ROOT, "%d-gram character LM from %d sentences (%d characters): %d n-grams; "
        + "%s; wrote %s (beam %d, LM weight %.2f, token bonus %.2f, OOV penalty %.2f)%n", order, sentences.size(), chars,
        lm.size(), lexicon == null ? "no lexicon" : "lexicon of " + lexicon.size() + " words", out, beam, lmWeight,
        tokenBonus, oovPenalty);
    return 0;
  }

  /** {@code base} with the word LM built from --text (and the split's sentences) or read from --arpa. */
  private ModelData withWordLm(ModelData base, Set<String> sentences, WordLmOptions options) throws IOException {
    PrintWriter say = stdout();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(RecognizerConfig.META_WORD_LM_WEIGHT, Double.toString(wordLmWeight));
    meta.put(RecognizerConfig.META_WORD_BONUS, Double.toString(wordBonus));
    WordNgrams lm;
    if (arpa != null) {
      long t0 = System.nanoTime();
      lm = ArpaReader.read(arpa);
      meta.put("lm.word.source", arpa.getFileName().toString());
      say.printf(Locale.ROOT, "read %s: order %d, %,d words, %,d n-grams in %.1f s%n", arpa, lm.order(), lm.count(1),
          lm.total(), (System.nanoTime() - t0) / 1e9);
    } else {
      List<String> heldOut = new ArrayList<>();
      List<Path> corpora = new ArrayList<>(data);
      corpora.addAll(exclude);
      for (Path c : corpora) {
        for (String s : List.of("dev", "test")) {
          for (CorpusRow r : CommonVoiceTsv.open(c, s).rows()) heldOut.add(r.text());
        }
      }
      HeldOutFilter filter = new HeldOutFilter(heldOut);
      WordLmTraining.Result built = new WordLmTraining(text, new ArrayList<>(sentences), filter, System.err)
          .build(options);
      lm = built.lm();
      WordLmTraining.Report r = built.report();
      String source = String.format(Locale.ROOT, "%s + %d train sentences: %,d lines, %,d removed (overlap %d dev/test "
          + "sentences), %,d words (%,d <unk>)", text.stream().map(p -> p.getFileName().toString()).toList(),
          sentences.size(), r.lines(), r.removed(), filter.sentences(), r.words(), r.unknownWords());
      meta.put("lm.word.source", source);
      say.printf(Locale.ROOT, "word %d-gram LM from %s%n  %,d words in the vocabulary, %,d n-grams %s; built in %.0f s, "
          + "heap %.0f MB%n", options.order(), source, r.vocab(), r.ngrams(), perOrder(lm), r.seconds(),
          r.heapBytes() / 1e6);
    }
    if (writeArpa != null) {
      ArpaWriter.write(writeArpa, lm);
      say.printf(Locale.ROOT, "wrote %s (%,d bytes)%n", writeArpa, Files.size(writeArpa));
    }
    WordNgramLm runtime = new WordNgramLm(lm); // validates order and vocabulary before writing
    WordFusion fusion = new WordFusion(runtime, new TokenSet(base.config().tokens()));
    say.printf(Locale.ROOT, "word LM: %,d n-grams %s, lexicon of %,d spellable words; recommends word LM weight %.2f, "
        + "word bonus %.2f%n", lm.total(), perOrder(lm), fusion.lexicon().size(), wordLmWeight, wordBonus);
    return WordLmTensors.with(base, lm, meta);
  }

  private static String perOrder(WordNgrams lm) {
    StringBuilder sb = new StringBuilder("(");
    for (int n = 1; n <= lm.order(); n++) sb.append(n == 1 ? "" : " / ").append(String.format(Locale.ROOT, "%,d", lm.count(n)));
    return sb.append(" by order)").toString();
  }
}
