package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.acmasr.decode.ArpaReader;
import org.acmasr.decode.WordNgrams;
import org.acmasr.testutil.TestData;
import org.acmasr.train.data.CommonVoiceTsv;
import org.acmasr.train.data.CorpusRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train lm} with word language models: built from text, and a user's own ARPA file. */
class TrainLmCommandTest {
  private static final Path SHIPPED = Path.of("src/main/resources/models/default.acm");

  @TempDir
  Path dir;

  /**
   * A user's domain LM: a Jelinek-Mercer bigram (λ = 0.8, in back-off form, so exactly normalised)
   * over the Asterisk prompts of en-real's train split, written as ARPA here, not by the project's
   * builder. Stored with {@code --arpa}, it must lower the WER of the shipped acoustic model (with its
   * character LM only) on the Asterisk clips of the dev split (no dev prompt is a train prompt) by at
   * least 5 points (measured: 52.1 % to 43.8 %).
   */
  @Test
  void aUsersArpaLmLoadsAndLowersWerOnItsDomain() throws Exception {
    Path corpus = TestData.corpus();
    Set<String> prompts = new LinkedHashSet<>();
    for (CorpusRow r : CommonVoiceTsv.open(corpus, "train").rows()) {
      if (r.clip().getFileName().toString().startsWith("asterisk_")) prompts.add(r.text());
    }
    Path arpa = dir.resolve("asterisk.arpa");
    Files.writeString(arpa, jelinekMercerBigram(prompts, 0.8));

    Path clips = Files.createDirectories(dir.resolve("clips"));
    List<String> tsv = new ArrayList<>(List.of("path\tsentence"));
    for (CorpusRow r : CommonVoiceTsv.open(corpus, "dev").rows()) {
      String name = r.clip().getFileName().toString();
      if (!name.startsWith("asterisk_")) continue;
      Files.copy(r.clip(), clips.resolve(name));
      tsv.add(name + "\t" + r.sentence());
    }
    assertEquals(26, tsv.size(), "25 Asterisk dev clips");
    Path data = dir.resolve("asterisk-dev.tsv");
    Files.write(data, tsv);

    Path model = dir.resolve("asterisk.acm");
    FeaturesCommandTest.Result t = FeaturesCommandTest.run("train", "lm", "--data", corpus.toString(), "--model",
        SHIPPED.toString(), "--out", model.toString(), "--order", "6", "--beam", "32", "--lm-weight", "0.8",
        "--token-bonus", "1.5", "--oov-penalty", "4", "--arpa", arpa.toString(), "--word-lm-weight", "1.0",
        "--word-bonus", "2");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("read " + arpa + ": order 2, " + (vocabulary(prompts).size() + 3) + " words"), t.out());

    double before = wer(SHIPPED, data, "--beam", "32", "--word-lm-weight", "0"); // the character LM only
    double after = wer(model, data);
    assertTrue(after < before - 0.05, "WER on the Asterisk dev clips: " + before + " without, " + after + " with the domain LM");
  }

  @Test
  void buildsFromTextWithoutLinesThatHoldADevSentence() throws Exception {
    Path text = dir.resolve("text.txt");
    Files.write(text, List.of("the cat sat on the mat", "zebra quokka the leader has left the conference",
        "a dog sat on the log"));
    Path arpa = dir.resolve("out.arpa.gz");
    FeaturesCommandTest.Result t = FeaturesCommandTest.run("train", "lm", "--data", TestData.corpus().toString(),
        "--model", SHIPPED.toString(), "--out", dir.resolve("m.acm").toString(), "--text", text.toString(),
        "--word-order", "2", "--write-arpa", arpa.toString());
    assertEquals(0, t.code(), t.err());
    WordNgrams lm = ArpaReader.read(arpa);
    assertTrue(lm.vocab().contains("cat") && lm.vocab().contains("log"));
    assertFalse(lm.vocab().contains("zebra"), "the line holding the dev sentence was removed");
    assertTrue(t.out().matches("(?s).*lines, [1-9][0-9]* removed \\(overlap.*"), t.out());
    FeaturesCommandTest.Result bad = FeaturesCommandTest.run("train", "lm", "--data", TestData.corpus().toString(),
        "--model", SHIPPED.toString(), "--out", dir.resolve("m.acm").toString(), "--text", text.toString(),
        "--word-order", "3", "--prune", "1,2");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("--prune [1, 2]: needs one count >= 1 per order 1..3"), bad.err());
  }

  private static double wer(Path model, Path data, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("eval", "--model", model.toString(), "--data", data.toString(),
        "--budgets", "1", "--json", "--heatmaps", "0"));
    args.addAll(List.of(options));
    FeaturesCommandTest.Result r = FeaturesCommandTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    return j.get("results").get(0).get("wer").asDouble();
  }

  private static Set<String> vocabulary(Set<String> sentences) {
    Set<String> v = new LinkedHashSet<>();
    for (String s : sentences) v.addAll(List.of(s.split(" ")));
    return v;
  }

  /** p(w|h) = λ c(h w)/c(h) + (1 - λ) p(w), stored for seen pairs; back-off 1 - λ; p(w) add-one. */
  static String jelinekMercerBigram(Set<String> sentences, double lambda) {
    Map<String, Integer> uni = new HashMap<>();
    Map<String, Integer> ctx = new HashMap<>();
    Map<String, Integer> bi = new HashMap<>();
    int tokens = 0;
    for (String s : sentences) {
      List<String> w = new ArrayList<>(List.of(s.split(" ")));
      w.add("</s>");
      String prev = "<s>";
      for (String x : w) {
        uni.merge(x, 1, Integer::sum);
        ctx.merge(prev, 1, Integer::sum);
        bi.merge(prev + " " + x, 1, Integer::sum);
        tokens++;
        prev = x;
      }
    }
    uni.putIfAbsent("<unk>", 0);
    int v = uni.size();
    double denominator = tokens + v;
    Map<String, Double> p = new HashMap<>();
    uni.forEach((w, c) -> p.put(w, (c + 1.0) / denominator));
    StringBuilder sb = new StringBuilder("\\data\\\nngram 1=" + (v + 1) + "\nngram 2=" + bi.size() + "\n\n\\1-grams:\n");
    sb.append(String.format(Locale.ROOT, "-99\t<s>\t%.6f%n", Math.log10(1 - lambda)));
    for (Map.Entry<String, Double> e : p.entrySet()) {
      boolean context = ctx.containsKey(e.getKey());
      sb.append(String.format(Locale.ROOT, "%.6f\t%s%s%n", Math.log10(e.getValue()), e.getKey(),
          context ? String.format(Locale.ROOT, "\t%.6f", Math.log10(1 - lambda)) : ""));
    }
    sb.append("\n\\2-grams:\n");
    for (Map.Entry<String, Integer> e : bi.entrySet()) {
      String[] hw = e.getKey().split(" ");
      double q = lambda * e.getValue() / ctx.get(hw[0]) + (1 - lambda) * p.get(hw[1]);
      sb.append(String.format(Locale.ROOT, "%.6f\t%s%n", Math.log10(q), e.getKey()));
    }
    return sb.append("\n\\end\\\n").toString();
  }
}
