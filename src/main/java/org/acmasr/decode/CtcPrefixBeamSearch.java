package org.acmasr.decode;

import static org.acmasr.check.Require.require;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming CTC prefix beam search in log space. One instance per stream, not thread-safe.
 *
 * <p>Each prefix keeps the log-probabilities of the paths that end in a blank ({@code pb}) and in
 * a non-blank ({@code pnb}). Per frame with log-probabilities {@code y}, a prefix {@code l} ending in
 * token {@code e}:
 * <ul>
 *   <li>stays {@code l} through a blank: {@code pb'(l) += pb + pnb + y[blank]};</li>
 *   <li>stays {@code l} through a repeat of {@code e}: {@code pnb'(l) += pnb + y[e]};</li>
 *   <li>becomes {@code l+c} for {@code c != e}: {@code pnb'(l+c) += pb + pnb + y[c]};</li>
 *   <li>becomes {@code l+e} only after a blank: {@code pnb'(l+e) += pb + y[e]}.</li>
 * </ul>
 * Contributions to the same labeling are merged with log-sum-exp, and the {@code beamWidth}
 * prefixes with the largest {@code logaddexp(pb, pnb)} survive (ties keep the earlier candidate).
 * Only tokens within {@code pruneThreshold × β} nats of the frame's best may start a new token, where β
 * is the budget the frames were computed at ({@link #setBudget}, 1 until set): a lower budget gives less
 * peaked outputs, so a fixed threshold would let more candidates through and the search would cost more
 * where the encoder costs less. Staying (blank or repeat) is always considered.
 * A prefix extends at all only while its score plus the token's log-probability stays within
 * {@link #HYPOTHESIS_PRUNE_FACTOR} × that threshold of the best prefix's score plus the frame's best
 * log-probability: prefixes far below the best stay in the beam but spend no language-model look-ups
 * on extensions that could not rank.
 *
 * <p>Timings are an approximation of the best alignment: each prefix node records the frame its
 * last token was first emitted and extends the token's span by one frame whenever the prefix stays
 * unchanged on the very next frame and the token is that frame's arg-max (so a span is a contiguous
 * run of frames, as in greedy decoding). When several paths merge into one prefix, the timing of the
 * single most probable contribution is kept. With beam width 1 on frames whose arg-max has
 * probability above 0.75, the result (text and spans) equals greedy decoding's.
 *
 * <p>The reported {@code logScore} sums only the paths that survived the beam, so it is a lower
 * bound of the labeling's full CTC probability.
 */
public final class CtcPrefixBeamSearch implements StreamingDecoder {
  /** Best first; ties keep the earlier entry of the frame (as a stable sort would). */
  private static final Comparator<BeamEntry> BY_SCORE = (a, b) -> {
    int c = Double.compare(b.score, a.score);
    return c != 0 ? c : Integer.compare(a.order, b.order);
  };

  private final TokenSet tokens;
  private final double frameSeconds;
  private final BeamSearchConfig config;
  private final CharNgramLm lm; // null: no shallow fusion
  private final Lexicon lexicon; // null: every spelling is free
  private final WordFusion fusion; // null: no word language model
  private final double lmWeight;
  private final double tokenBonus;
  private final double oovPenalty;
  private final int[] candidates;
  private double pruneThreshold; // config.pruneThreshold() × the budget
  /**
   * How far below the best prefix (in units of the token threshold) a prefix may still extend: 1.6 × 10
   * nats at β = 1 leaves the shipped model's en-real dev transcripts unchanged, and at β = 0.5 (8 nats)
   * lowers its WER from 49.62 to 49.31 % (models/RESULTS.md).
   */
  static final double HYPOTHESIS_PRUNE_FACTOR = 1.6;

  private List<BeamEntry> beam = new ArrayList<>();
  /** The frame's candidates by labeling, and in order of creation. */
  private final Map<PrefixNode, BeamEntry> next = new HashMap<>();
  private final List<BeamEntry> created = new ArrayList<>();
  private double timeOffset;
  private int frame;

  /**
   * @param tokens       the model's vocabulary (its size is the expected row length)
   * @param frameSeconds duration of one frame in seconds (0.04 for the project's model)
   * @param config       beam width and pruning
   */
  public CtcPrefixBeamSearch(TokenSet tokens, double frameSeconds, BeamSearchConfig config) {
    this(tokens, frameSeconds, config, null);
  }

  /**
   * With shallow fusion of a character language model (weighted by {@link BeamSearchConfig#lmWeight},
   * plus {@link BeamSearchConfig#tokenBonus} per token). Each segment starts a new LM sentence.
   *
   * @param lm the language model over {@code tokens}, or null for none
   */
  public CtcPrefixBeamSearch(TokenSet tokens, double frameSeconds, BeamSearchConfig config, CharNgramLm lm) {
    this(tokens, frameSeconds, config, lm, null);
  }

  /**
   * With shallow fusion and a lexicon: a word that is not a known word costs
   * {@link BeamSearchConfig#oovPenalty} once, charged as soon as its spelling leaves the lexicon (or at
   * the space that ends a proper prefix of a known word), so the beam prunes such spellings early. A
   * word still being spelled when the segment ends is not charged.
   *
   * @param lm      the language model over {@code tokens}, or null for none
   * @param lexicon the known words over {@code tokens}, or null for none (as is a penalty of 0)
   */
  public CtcPrefixBeamSearch(TokenSet tokens, double frameSeconds, BeamSearchConfig config, CharNgramLm lm,
      Lexicon lexicon) {
    this(tokens, frameSeconds, config, lm, lexicon, null);
  }

  /**
   * With a word language model as well (weighted by {@link BeamSearchConfig#wordLmWeight}, plus
   * {@link BeamSearchConfig#wordBonus} per word): when a space ends a word, the word LM scores it
   * (a spelling outside its lexicon as {@code <unk>}) after the words before it in the segment; the
   * word being spelled is scored by its lexicon node's best unigram until then. The word LM's lexicon
   * replaces {@code lexicon}, and {@link BeamSearchConfig#oovPenalty} applies to it. The best
   * hypothesis ({@link #current}) is chosen as if the segment ended now: the pending word and the
   * sentence end are scored in context (no frames beyond those accepted are looked at).
   *
   * @param fusion the word LM with its lexicon, or null for none (as is a word LM weight of 0)
   */
  public CtcPrefixBeamSearch(TokenSet tokens, double frameSeconds, BeamSearchConfig config, CharNgramLm lm,
      Lexicon lexicon, WordFusion fusion) {
    this.tokens = tokens;
    this.frameSeconds = Checks.frameSeconds(frameSeconds);
    this.config = config;
    if (lm != null) {
      require(lm.vocab() == tokens.size(), "lm.vocab", lm.vocab(), "must equal the model's " + tokens.size()
          + " tokens");
    }
    if (lexicon != null) {
      require(lexicon.vocab() == tokens.size(), "lexicon.vocab", lexicon.vocab(), "must equal the model's "
          + tokens.size() + " tokens");
    }
    this.lm = lm;
    this.fusion = config.wordLmWeight() > 0 ? fusion : null;
    if (this.fusion != null) {
      require(this.fusion.lexicon().vocab() == tokens.size(), "word_lm.lexicon.vocab",
          this.fusion.lexicon().vocab(), "must equal the model's " + tokens.size() + " tokens");
    }
    this.lexicon = this.fusion != null ? this.fusion.lexicon() : config.oovPenalty() > 0 ? lexicon : null;
    this.lmWeight = lm == null ? 0 : config.lmWeight();
    this.tokenBonus = lm == null ? 0 : config.tokenBonus();
    this.oovPenalty = this.lexicon == null ? 0 : config.oovPenalty();
    this.candidates = new int[tokens.size()];
    this.pruneThreshold = config.pruneThreshold();
    startSegment();
  }

  public BeamSearchConfig config() {
    return config;
  }

  @Override
  public void accept(float[][] logProbs) {
    LogProbs.checkShape(logProbs, tokens.size());
    for (float[] row : logProbs) {
      step(row);
      frame++;
    }
  }

  @Override
  public void setBudget(double beta) {
    require(beta > 0 && beta <= 1, "budget", beta, "must be in (0, 1]");
    pruneThreshold = config.pruneThreshold() * beta;
  }

  @Override
  public Hypothesis current() {
    return hypothesis(best());
  }

  /** The entry that ranks first if the segment ended now. */
  private BeamEntry best() {
    if (fusion == null) return beam.get(0);
    BeamEntry best = beam.get(0);
    double bestScore = LogProbs.NEG_INF;
    for (BeamEntry e : beam) {
      double s = e.score + ending(e.node);
      if (s > bestScore) {
        bestScore = s;
        best = e;
      }
    }
    return best;
  }

  /**
   * What ending the segment after {@code n} adds to its score: the pending word's n-gram score in place
   * of its look-ahead (and the penalty when it is a mere prefix of known words), then {@code </s>}.
   */
  private double ending(PrefixNode n) {
    WordNgramLm words = fusion.lm();
    long state = n.wordState;
    double add = 0;
    double penalty = 0;
    if (n.wordNode != Lexicon.ROOT) {
      int id = fusion.word(n.wordNode);
      add += words.score(state, id) - fusion.lookahead(n.wordNode);
      state = words.next(state, id);
      if (n.wordNode != Lexicon.OUT && !lexicon.isWord(n.wordNode)) penalty = oovPenalty;
    }
    return config.wordLmWeight() * (add + words.score(state, words.eos())) - penalty;
  }

  /** Every prefix in the beam, best first. */
  public List<Hypothesis> nBest() {
    List<Hypothesis> out = new ArrayList<>(beam.size());
    for (BeamEntry e : beam) {
      out.add(hypothesis(e));
    }
    return out;
  }

  @Override
  public void reset(double timeOffsetSeconds) {
    timeOffset = Checks.timeOffset(timeOffsetSeconds);
    startSegment();
  }

  @Override
  public int frames() {
    return frame;
  }

  private void startSegment() {
    frame = 0;
    BeamEntry root = new BeamEntry(PrefixNode.root(lm == null ? 0L : lm.start(),
        fusion == null ? 0L : fusion.lm().start()));
    root.logBlank = 0;
    root.seal();
    beam = new ArrayList<>(List.of(root));
  }

  private Hypothesis hypothesis(BeamEntry e) {
    return WordAligner.hypothesis(tokens, e.node.spans(), e.total, timeOffset, frameSeconds);
  }

  private void step(float[] row) {
    int best = LogProbs.argmax(row);
    double floor = row[best] - pruneThreshold;
    int n = 0;
    for (int c = 1; c < row.length; c++) {
      if (row[c] >= floor) {
        candidates[n++] = c;
      }
    }
    double blank = row[tokens.blank()];
    // An extension of e scores at most e.score + row[c] (+ the language models' change, small against this
    // margin); the frame's best prefix reaches at least beam[0].score + row[best] − (its own stay cost).
    double cut = beam.get(0).score + row[best] - HYPOTHESIS_PRUNE_FACTOR * pruneThreshold;
    next.clear();
    created.clear();
    for (BeamEntry e : beam) {
      PrefixNode node = e.node;
      PrefixNode stay = node;
      double stayNonBlank = LogProbs.NEG_INF;
      if (!node.isRoot()) {
        stayNonBlank = e.logNonBlank + row[node.token];
        if (best == node.token && node.lastFrame == frame - 1) {
          stay = node.extendedTo(frame, row[node.token]);
        }
      }
      BeamEntry kept = add(stay, e.total + blank, stayNonBlank);
      for (int i = 0; i < n; i++) {
        int c = candidates[i];
        if (e.score + row[c] < cut) continue;
        double extend = (c == node.token ? e.logBlank : e.total) + row[c];
        if (extend != LogProbs.NEG_INF) {
          add(child(e, c, row[c]), LogProbs.NEG_INF, extend);
        }
      }
      if (kept.extensions == null) kept.extensions = e.extensions; // the same labeling: its extensions hold
    }
    for (BeamEntry e : created) {
      e.seal();
    }
    beam = best(created, config.beamWidth());
  }

  /**
   * The {@code k} best of {@code all} in {@link #BY_SCORE} order: the same list a full sort would start
   * with, at the cost of a selection (the frame has up to beam × (candidates + 1) entries, k of them stay).
   */
  static List<BeamEntry> best(List<BeamEntry> all, int k) {
    BeamEntry[] a = all.toArray(new BeamEntry[0]);
    int m = a.length;
    if (m > k) {
      select(a, k);
      m = k;
    }
    java.util.Arrays.sort(a, 0, m, BY_SCORE);
    List<BeamEntry> out = new ArrayList<>(m);
    for (int i = 0; i < m; i++) out.add(a[i]);
    return out;
  }

  /**
   * Moves the {@code k} first elements of {@code a} by {@link #BY_SCORE} (a total order) to its front, in
   * some order: Wirth's selection (Hoare partitioning around the element at the target index).
   */
  private static void select(BeamEntry[] a, int k) {
    int t = k - 1;
    int lo = 0;
    int hi = a.length - 1;
    while (lo < hi) {
      BeamEntry pivot = a[t];
      int i = lo;
      int j = hi;
      do {
        while (BY_SCORE.compare(a[i], pivot) < 0) i++;
        while (BY_SCORE.compare(pivot, a[j]) < 0) j--;
        if (i <= j) {
          BeamEntry x = a[i];
          a[i++] = a[j];
          a[j--] = x;
        }
      } while (i <= j);
      if (j < t) lo = i;
      if (t < i) hi = j;
    }
  }

  /**
   * The prefix of {@code e} followed by token {@code c} at this frame, with the language models and lexicon
   * advanced (computed once per prefix and token, see {@link Extension}).
   */
  private PrefixNode child(BeamEntry e, int c, double logProb) {
    PrefixNode node = e.node;
    if (lm == null && lexicon == null) return node.child(c, frame, logProb);
    if (e.extensions == null) e.extensions = new Extension[tokens.size()];
    Extension x = e.extensions[c];
    if (x == null) {
      x = extension(node, c);
      e.extensions[c] = x;
    }
    return x.child(node, c, frame, logProb);
  }

  /** What following {@code node}'s labeling with token {@code c} gives the language models and lexicon. */
  private Extension extension(PrefixNode node, int c) {
    long lmState = node.lmState;
    double lmScore = node.lmScore;
    if (lm != null) {
      lmScore += lm.score(lmState, c);
      lmState = lm.next(lmState, c);
    }
    int word = node.wordNode;
    int oov = node.oovWords;
    long wordState = node.wordState;
    double wordScore = node.wordScore;
    int words = node.words;
    if (lexicon != null) {
      if (c == tokens.space()) {
        if (word != Lexicon.ROOT) {
          if (word != Lexicon.OUT && !lexicon.isWord(word)) oov++; // a prefix, not a word
          if (fusion != null) {
            int id = fusion.word(word);
            wordScore += fusion.lm().score(wordState, id);
            wordState = fusion.lm().next(wordState, id);
            words++;
          }
        }
        word = Lexicon.ROOT;
      } else if (word != Lexicon.OUT) {
        word = lexicon.next(word, c);
        if (word == Lexicon.OUT) oov++;
      }
    }
    double bias = lmWeight * lmScore + tokenBonus * (node.length + 1) - oovPenalty * oov;
    if (fusion != null) {
      int spelled = word == Lexicon.ROOT ? 0 : 1;
      bias += config.wordLmWeight() * (wordScore + fusion.lookahead(word)) + config.wordBonus() * (words + spelled);
    }
    return new Extension(lmState, lmScore, word, oov, wordState, wordScore, words, bias);
  }

  /** Adds paths reaching {@code via}'s labeling. @return the labeling's entry for this frame */
  private BeamEntry add(PrefixNode via, double blank, double nonBlank) {
    BeamEntry e = next.get(via);
    if (e == null) {
      e = new BeamEntry(via);
      e.order = created.size();
      next.put(via, e);
      created.add(e);
    }
    e.add(via, blank, nonBlank);
    return e;
  }
}
