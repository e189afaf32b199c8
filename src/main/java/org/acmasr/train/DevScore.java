package org.acmasr.train;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.acmasr.train.data.ErrorRate;

/**
 * Dev word error rate pooled over every utterance, and per corpus and per source (clip-name prefix), so a
 * run on several corpora shows where it gains and where it loses.
 */
final class DevScore {
  private final ErrorRate.Counter all = new ErrorRate.Counter();
  private final Map<String, ErrorRate.Counter> corpora = new TreeMap<>();
  private final Map<String, ErrorRate.Counter> sources = new TreeMap<>();

  void add(Utterance u, String hypothesis) {
    all.add(u.text(), hypothesis);
    corpora.computeIfAbsent(u.corpus(), k -> new ErrorRate.Counter()).add(u.text(), hypothesis);
    sources.computeIfAbsent(u.corpus() + "/" + u.source(), k -> new ErrorRate.Counter()).add(u.text(), hypothesis);
  }

  /** Pooled WER (1 when nothing was scored). */
  double wer() {
    return all.utterances() == 0 ? 1.0 : all.wer();
  }

  /**
   * WER per corpus with its CER (which moves first while a young model still misspells most words), then
   * WER per source, e.g. {@code en-real 70.1 % (CER 30.2 %; cathy 55.0, ljspeech 60.2), en-wide 65.3 % (CER 28.0 %; an4 40.1, cv 70.3)}.
   */
  String describe() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, ErrorRate.Counter> c : corpora.entrySet()) {
      if (b.length() > 0) b.append(", ");
      b.append(String.format(Locale.ROOT, "%s %.1f %% (CER %.1f %%", c.getKey(), 100 * c.getValue().wer(),
          100 * c.getValue().cer()));
      String sep = "; ";
      for (Map.Entry<String, ErrorRate.Counter> s : sources.entrySet()) {
        if (!s.getKey().startsWith(c.getKey() + "/")) continue;
        b.append(sep).append(String.format(Locale.ROOT, "%s %.1f", s.getKey().substring(c.getKey().length() + 1),
            100 * s.getValue().wer()));
        sep = ", ";
      }
      b.append(')');
    }
    return b.toString();
  }
}
