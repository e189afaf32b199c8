package org.acmasr.model;

import static org.acmasr.check.Require.require;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.WindowType;

/**
 * Architecture of the streaming CTC transformer. Immutable; the constructor rejects bad values with
 * a message naming the key and the value.
 *
 * <p>Shape of the computation, per stream ({@code F} = fbank bins, {@code S} = {@code stack}):
 * <pre>
 *   fbank [T10, F] ─CMVN─► stack S consecutive frames ─► [T, S·F]     (T = T10 / S, 40 ms frames for S = 4)
 *   ─► linear ─► [T, d] ─► layers × { x += MHA(LN(x)) ; [x += Conv(LN(x))] ; x += ACM-FFN(LN(x)) } ─► LN ─► linear ─► [T, V]
 * </pre>
 * The optional convolution module (Conformer-style, {@code conv_kernel} K > 0) is pointwise d → 2d, GLU,
 * a causal depthwise convolution over the last K frames, LayerNorm, swish, pointwise d → d. Being causal
 * (a frame sees only itself and the K − 1 frames before it, across chunk boundaries through a per-stream
 * history), it streams exactly.
 * Subsampling is frame stacking (no convolution): it is exact under any chunking and costs one
 * matmul. Positions enter through ALiBi attention biases (−slope_h · |i − j|), which depend only on
 * relative distance and so need no absolute position in a stream of unbounded length.
 * Attention is chunked: encoder frame i in chunk c = i / C sees frames [c·C − L, c·C + C).
 *
 * @param fbank             front-end settings
 * @param stack             fbank frames stacked into one encoder frame
 * @param dModel            model width d
 * @param heads             attention heads (d must be divisible by heads)
 * @param layers            encoder layers
 * @param dFf               FFN hidden width (divisible by acm.learners)
 * @param acm               ACM settings
 * @param chunkFrames       C, encoder frames per attention chunk
 * @param leftContextFrames L, encoder frames of left context each chunk attends to
 * @param tokens            output symbols; index 0 is the CTC blank
 * @param convKernel        K, frames seen by each layer's causal depthwise convolution; 0 = no convolution module
 */
public record ModelConfig(
    FbankConfig fbank,
    int stack,
    int dModel,
    int heads,
    int layers,
    int dFf,
    AcmConfig acm,
    int chunkFrames,
    int leftContextFrames,
    List<String> tokens,
    int convKernel) {

  /** The largest convolution kernel accepted. */
  public static final int MAX_CONV_KERNEL = 64;

  /** A model without convolution modules. */
  public ModelConfig(FbankConfig fbank, int stack, int dModel, int heads, int layers, int dFf, AcmConfig acm,
      int chunkFrames, int leftContextFrames, List<String> tokens) {
    this(fbank, stack, dModel, heads, layers, dFf, acm, chunkFrames, leftContextFrames, tokens, 0);
  }

  /** Layer-norm epsilon (biased variance), the same in inference and training. */
  public static final double LAYER_NORM_EPS = 1e-5;

  public ModelConfig {
    require(fbank != null, "model.fbank", null, "must be set");
    require(stack >= 1 && stack <= 8, "model.stack", stack, "must be in [1, 8]");
    require(dModel >= 8 && dModel <= 2048, "model.d_model", dModel, "must be in [8, 2048]");
    require(heads >= 1 && dModel % heads == 0, "model.heads", heads, "must divide d_model=" + dModel);
    require(layers >= 1 && layers <= 48, "model.layers", layers, "must be in [1, 48]");
    require(acm != null, "model.acm", null, "must be set");
    require(dFf >= acm.learners() && dFf % acm.learners() == 0, "model.d_ff", dFf,
        "must be a positive multiple of acm.learners=" + acm.learners());
    require(!acm.projections() || acm.projectionRank() <= dModel, "model.acm.projection_rank", acm.projectionRank(),
        "must not exceed d_model=" + dModel);
    require(!acm.projections() || (3 * acm.projectionRank()) % (2 * acm.learners()) == 0, "model.acm.projection_rank",
        acm.projectionRank(), "× 3/2 must be a multiple of acm.learners=" + acm.learners()
            + " (it sets the fused q/k/v rank)");
    require(chunkFrames >= 1 && chunkFrames <= 256, "model.chunk_frames", chunkFrames, "must be in [1, 256]");
    require(leftContextFrames >= 0 && leftContextFrames <= 1024, "model.left_context_frames", leftContextFrames,
        "must be in [0, 1024]");
    require(tokens != null && tokens.size() >= 2, "model.tokens", tokens, "need a blank and at least one symbol");
    require(new HashSet<>(tokens).size() == tokens.size(), "model.tokens", tokens, "contain duplicates");
    require(convKernel >= 0 && convKernel <= MAX_CONV_KERNEL, "model.conv_kernel", convKernel,
        "must be in [0, " + MAX_CONV_KERNEL + "] (0 = no convolution module)");
    tokens = List.copyOf(tokens);
  }

  /** Blank, space, a–z, apostrophe. */
  public static List<String> englishTokens() {
    List<String> t = new ArrayList<>(List.of("<blk>", " "));
    for (char c = 'a'; c <= 'z'; c++) t.add(String.valueOf(c));
    t.add("'");
    return t;
  }

  /** Width of one stacked input frame. */
  public int inputDim() {
    return stack * fbank.numMelBins();
  }

  public int vocab() {
    return tokens.size();
  }

  public int headDim() {
    return dModel / heads;
  }

  /** Hidden units per FFN learner. */
  public int ffnLearnerWidth() {
    return dFf / acm.learners();
  }

  /** Rank of each learner of the output projection o (d → d). */
  public int projLearnerRank() {
    return acm.projectionRank() / acm.learners();
  }

  /**
   * Rank of each learner of the fused q/k/v projection (d → 3d): 3/2 of the o learners' rank, so both
   * cost at k = N what the dense maps do when projection_rank = d/2 (d·r + r·3d = 3d² for r = 3d/4).
   */
  public int qkvLearnerRank() {
    return 3 * acm.projectionRank() / (2 * acm.learners());
  }

  /** Seconds of audio per encoder frame. */
  public double frameSeconds() {
    return stack * fbank.frameShiftMs() / 1000.0;
  }

  public ModelConfig withAcm(AcmConfig a) {
    return new ModelConfig(fbank, stack, dModel, heads, layers, dFf, a, chunkFrames, leftContextFrames, tokens,
        convKernel);
  }

  /** This architecture with a convolution module of kernel {@code k} in every layer (0: none). */
  public ModelConfig withConvKernel(int k) {
    return new ModelConfig(fbank, stack, dModel, heads, layers, dFf, acm, chunkFrames, leftContextFrames, tokens, k);
  }

  /** Flat key/value form stored in the model file header. */
  public Map<String, String> toProperties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fbank.sample_rate", Integer.toString(fbank.sampleRate()));
    m.put("fbank.num_mel_bins", Integer.toString(fbank.numMelBins()));
    m.put("fbank.frame_length_ms", Double.toString(fbank.frameLengthMs()));
    m.put("fbank.frame_shift_ms", Double.toString(fbank.frameShiftMs()));
    m.put("fbank.window", fbank.window().name().toLowerCase(Locale.ROOT));
    m.put("fbank.preemphasis", Double.toString(fbank.preemphasis()));
    m.put("fbank.remove_dc_offset", Boolean.toString(fbank.removeDcOffset()));
    m.put("fbank.low_freq", Double.toString(fbank.lowFreq()));
    m.put("fbank.high_freq", Double.toString(fbank.highFreq()));
    m.put("fbank.log_floor", Double.toString(fbank.logFloor()));
    m.put("stack", Integer.toString(stack));
    m.put("d_model", Integer.toString(dModel));
    m.put("heads", Integer.toString(heads));
    m.put("layers", Integer.toString(layers));
    m.put("d_ff", Integer.toString(dFf));
    m.put("acm.learners", Integer.toString(acm.learners()));
    m.put("acm.gated", Boolean.toString(acm.gated()));
    m.put("acm.projections", Boolean.toString(acm.projections()));
    m.put("acm.gate_hidden", Integer.toString(acm.gateHidden()));
    m.put("acm.projection_rank", Integer.toString(acm.projectionRank()));
    m.put("chunk_frames", Integer.toString(chunkFrames));
    m.put("left_context_frames", Integer.toString(leftContextFrames));
    if (convKernel > 0) m.put("conv_kernel", Integer.toString(convKernel));
    return m;
  }

  /** Inverse of {@link #toProperties}; tokens are stored separately. */
  public static ModelConfig fromProperties(Map<String, String> p, List<String> tokens) {
    Props r = new Props(p);
    FbankConfig fb = new FbankConfig(r.i("fbank.sample_rate"), r.i("fbank.num_mel_bins"), r.d("fbank.frame_length_ms"),
        r.d("fbank.frame_shift_ms"), WindowType.parse(r.s("fbank.window")), r.d("fbank.preemphasis"),
        r.b("fbank.remove_dc_offset"), r.d("fbank.low_freq"), r.d("fbank.high_freq"), r.d("fbank.log_floor"), 0, 0);
    AcmConfig acm = new AcmConfig(r.i("acm.learners"), r.b("acm.gated"), r.b("acm.projections"),
        r.i("acm.gate_hidden"), r.i("acm.projection_rank"));
    return new ModelConfig(fb, r.i("stack"), r.i("d_model"), r.i("heads"), r.i("layers"), r.i("d_ff"), acm,
        r.i("chunk_frames"), r.i("left_context_frames"), tokens, p.containsKey("conv_kernel") ? r.i("conv_kernel") : 0);
  }


  private record Props(Map<String, String> p) {
    String s(String k) {
      String v = p.get(k);
      if (v == null) throw new IllegalArgumentException("model." + k + ": missing");
      return v.trim();
    }

    int i(String k) {
      try {
        return Integer.parseInt(s(k));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("model." + k + " = " + p.get(k) + ": not an integer");
      }
    }

    double d(String k) {
      try {
        return Double.parseDouble(s(k));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("model." + k + " = " + p.get(k) + ": not a number");
      }
    }

    boolean b(String k) {
      String v = s(k);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException("model." + k + " = " + v + ": must be true or false");
      }
      return Boolean.parseBoolean(v);
    }
  }
}
