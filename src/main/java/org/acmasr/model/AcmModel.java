package org.acmasr.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.acmasr.budget.Budget;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The streaming ACM transformer, loaded for inference. Immutable and thread-safe: weights are never
 * written after construction, and all per-stream state lives in {@link EncoderCache}s owned by the
 * streams. One instance serves every stream of a process.
 */
public final class AcmModel {
  private final ModelData data;
  private final ModelConfig cfg;
  private final float[] cmvnMean; // [F]
  private final float[] cmvnIstd; // [F]
  private final INDArray subW; // [S·F, d]
  private final INDArray subB; // [d]
  private final EncoderLayer[] layers;
  private final float[] finalG; // [d]
  private final float[] finalB;
  private final INDArray ctcW; // [d, V]
  private final INDArray ctcB; // [V]
  private final BudgetCalibration budgets; // requested β → gate input

  /** The lowest budget this model reaches ({@link BudgetCalibration#floor}); 0 when not calibrated. */
  public float minBudget() {
    return budgets.floor();
  }

  private AcmModel(ModelData data, BudgetCalibration budgets) {
    this.data = data;
    this.budgets = budgets;
    this.cfg = data.config();
    this.cmvnMean = data.tensor("cmvn.mean").data().clone();
    this.cmvnIstd = data.tensor("cmvn.istd").data().clone();
    this.subW = t("sub.w");
    this.subB = t("sub.b");
    this.layers = new EncoderLayer[cfg.layers()];
    for (int i = 0; i < cfg.layers(); i++) {
      String p = TensorLayout.layer(i);
      String qkv = p + ".attn." + TensorLayout.QKV;
      String o = p + ".attn." + TensorLayout.OUT;
      boolean acmProj = cfg.acm().projections();
      layers[i] = new EncoderLayer(f(p + ".ln1.g"), f(p + ".ln1.b"),
          acmProj ? acm(qkv, false, Activation.IDENTITY) : new DenseProjection(t(qkv + ".w"), t(qkv + ".b")),
          acmProj ? acm(o, false, Activation.IDENTITY) : new DenseProjection(t(o + ".w"), t(o + ".b")),
          f(p + ".ln2.g"), f(p + ".ln2.b"), acm(p + ".ffn", true, Activation.GELU), cfg.convKernel() > 0 ? conv(p + ".conv") : null);
    }
    this.finalG = f("final.ln.g");
    this.finalB = f("final.ln.b");
    this.ctcW = t("ctc.w");
    this.ctcB = t("ctc.b");
  }

  /** Builds the model from validated data. */
  public static AcmModel of(ModelData data) throws ModelFormatException {
    ModelData valid = data.validate();
    return new AcmModel(valid, BudgetCalibration.parse(valid.metadata().get(BudgetCalibration.META_KEY)));
  }

  public static AcmModel load(Path file) throws IOException {
    return of(ModelFile.read(file));
  }

  private INDArray t(String name) {
    return Nn.fromTensor(data.tensor(name));
  }

  private float[] f(String name) {
    return data.tensor(name).data().clone();
  }

  private ConvModule conv(String p) {
    return new ConvModule(f(p + ".ln.g"), f(p + ".ln.b"), t(p + ".pw1.w"), t(p + ".pw1.b"), f(p + ".dw.w"),
        f(p + ".dw.b"), f(p + ".norm.g"), f(p + ".norm.b"), t(p + ".pw2.w"), t(p + ".pw2.b"));
  }

  private AcmModule acm(String p, boolean canSkip, Activation act) {
    Gate gate = cfg.acm().gated()
        ? new Gate(t(p + ".gate.w1"), t(p + ".gate.b1"), t(p + ".gate.w2"), t(p + ".gate.b2"), t(p + ".gate.w3"),
            t(p + ".gate.b3"))
        : null;
    return new AcmModule(t(p + ".w1"), t(p + ".b1"), t(p + ".w2"), t(p + ".b2"), gate, cfg.acm().learners(), canSkip,
        act);
  }

  public ModelConfig config() {
    return cfg;
  }

  public ModelData data() {
    return data;
  }

  /** A fresh per-stream state. */
  public EncoderCache newCache() {
    return new EncoderCache(cfg);
  }

  /** A fresh per-stream CMVN + frame-stacking front end for this model. */
  public FrameStacker newStacker() {
    return new FrameStacker(cmvnMean, cmvnIstd, cfg.stack());
  }

  /**
   * Runs one chunk of every given stream in a single batched forward pass and advances their caches.
   * Streams must not appear twice. Not to be called concurrently for the same stream.
   */
  @SuppressWarnings("try") // the workspace scope is the point of the try block
  public List<ChunkOutput> forwardChunks(List<ChunkInput> inputs) {
    int streams = inputs.size();
    int chunk = cfg.chunkFrames();
    int rows = streams * chunk;
    int in = cfg.inputDim();
    float[] x = new float[rows * in];
    float[] gateInput = new float[rows]; // [R]: each stream's budget, calibrated
    boolean[] valid = new boolean[rows];
    int[] n = new int[streams];
    List<EncoderCache> caches = new ArrayList<>(streams);
    int[] context = new int[streams];
    for (int s = 0; s < streams; s++) {
      ChunkInput ci = inputs.get(s);
      context[s] = contextFrames(ci.budget().asFloat());
      n[s] = ci.frames().length;
      if (n[s] < 1 || n[s] > chunk) {
        throw new IllegalArgumentException("chunk of " + n[s] + " frames: must be 1.." + chunk);
      }
      for (int i = 0; i < n[s]; i++) {
        System.arraycopy(ci.frames()[i], 0, x, (s * chunk + i) * in, in);
        valid[s * chunk + i] = true;
      }
      float g = budgets.gateInput(ci.budget().asFloat());
      for (int i = 0; i < chunk; i++) gateInput[s * chunk + i] = g;
      caches.add(ci.cache());
    }
    ComputeMeter meter = new ComputeMeter(cfg.layers(), rows);
    float[][] logProbs;
    try (MemoryWorkspace ws = Workspaces.forward()) {
      logProbs = encode(Nn.array(x, rows, in), gateInput, valid,
          new ChunkedAttention(cfg, caches, n, context), meter);
    }
    for (int s = 0; s < streams; s++) caches.get(s).commit(n[s]);
    List<ChunkOutput> out = new ArrayList<>(streams);
    for (int s = 0; s < streams; s++) out.add(slice(logProbs, meter, s * chunk, n[s]));
    return out;
  }

  /**
   * Cached frames the new rows of a stream at budget β attend to: L·β rounded up to whole chunks, at least
   * two chunks, at most L (the shipped model: 48, 40, 24 and 16 frames at β = 1, 0.75, 0.5 and 0.25). The
   * attention's scores and weighted sums, like its key and value copies, cost the same at every budget
   * otherwise, and with the learners' cost halved they are the largest part of the encoder left; ALiBi
   * already weights distant frames down. Both paths apply it, so streaming still equals
   * {@link #forwardFull}. The cache keeps L frames whatever the budget, so a stream's budget may change
   * from chunk to chunk.
   */
  public int contextFrames(float beta) {
    int c = cfg.chunkFrames();
    int l = cfg.leftContextFrames();
    int frames = (int) Math.ceil(l * (double) beta / c) * c;
    return Math.min(l, Math.max(Math.min(l, 2 * c), frames));
  }

  /**
   * Whole-utterance forward with the chunk mask (no caches): the reference the streaming path must
   * equal, and the offline path.
   *
   * @param frames stacked, normalised input [T][inputDim]
   * @param budget requested budget (mapped by the model's {@link BudgetCalibration})
   */
  @SuppressWarnings("try")
  public ChunkOutput forwardFull(float[][] frames, Budget.Fixed budget) {
    return forwardWhole(frames, budgets.gateInput(budget.asFloat()), contextFrames(budget.asFloat()));
  }

  /**
   * {@link #forwardFull} with {@code gateInput} fed to the gates as is, bypassing the calibration, and the
   * whole left context: for measuring one ({@code train calibrate}).
   */
  public ChunkOutput forwardGates(float[][] frames, float gateInput) {
    Budget.requireInRange("gate input", gateInput, String.valueOf(gateInput)); // the range of the budgets it stands for
    return forwardWhole(frames, gateInput, cfg.leftContextFrames());
  }

  @SuppressWarnings("try")
  private ChunkOutput forwardWhole(float[][] frames, float gateInput, int context) {
    int t = frames.length;
    if (t == 0) return new ChunkOutput(new float[0][], new float[0], 0, 0, 0);
    int in = cfg.inputDim();
    float[] x = new float[t * in];
    for (int i = 0; i < t; i++) System.arraycopy(frames[i], 0, x, i * in, in);
    float[] b = new float[t];
    java.util.Arrays.fill(b, gateInput);
    boolean[] valid = new boolean[t];
    java.util.Arrays.fill(valid, true);
    ComputeMeter meter = new ComputeMeter(cfg.layers(), t);
    float[][] logProbs;
    try (MemoryWorkspace ws = Workspaces.forward()) {
      logProbs = encode(Nn.array(x, t, in), b, valid, new MaskedAttention(cfg, t, context), meter);
    }
    return slice(logProbs, meter, 0, t);
  }

  /** x [R, inputDim], gate input [R] → log-probs [R][V]. */
  private float[][] encode(INDArray x, float[] gateInput, boolean[] valid, Attention attention, ComputeMeter meter) {
    long fixedPerFrame = subW.length() + ctcW.length();
    for (int r = 0; r < valid.length; r++) if (valid[r]) meter.fixed(r, fixedPerFrame);
    INDArray h = Nn.linear(x, subW, subB); // [R, d]
    for (int l = 0; l < layers.length; l++) {
      meter.layer(l);
      h = layers[l].forward(l, h, gateInput, valid, attention, meter);
    }
    INDArray logits = Nn.linear(Nn.layerNorm(h, finalG, finalB), ctcW, ctcB); // [R, V]
    INDArray lp = Nn.logSoftmaxRows(logits);
    int rows = (int) lp.size(0);
    int v = (int) lp.size(1);
    float[] flat = Nn.floats(lp);
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) out[r] = java.util.Arrays.copyOfRange(flat, r * v, (r + 1) * v);
    return out;
  }

  private ChunkOutput slice(float[][] logProbs, ComputeMeter meter, int from, int n) {
    float[][] lp = new float[n][];
    float[] frame = new float[n];
    long adaptive = 0;
    long fixed = 0;
    long staticPerFrame = meter.adaptiveStaticMacs();
    for (int i = 0; i < n; i++) {
      lp[i] = logProbs[from + i];
      long a = meter.adaptiveMacs(from + i);
      frame[i] = staticPerFrame == 0 ? 0f : (float) ((double) a / staticPerFrame);
      adaptive += a;
      fixed += meter.fixedMacs(from + i);
    }
    return new ChunkOutput(lp, frame, adaptive, staticPerFrame * n, fixed);
  }
}
