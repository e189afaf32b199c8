package org.acmasr.model;

/**
 * Exact multiply-add counts of one forward call, per row (frame) and per layer.
 *
 * <p>Adaptive cost = the ACM learners that ran plus their gates; its reference is what the static
 * model (every k = N, no gates) spends in the same modules. Fixed cost = everything else that is a
 * matmul: input projection, dense projections, attention scores and weighted sums, CTC head.
 * Layer norms, activations and softmax are not counted.
 */
public final class ComputeMeter {
  private final int rows;
  private final long[][] adaptive; // [layers][rows] executed learner + gate MACs
  private final long[] adaptiveStaticPerLayer; // [layers] static learner MACs per frame
  private final long[] fixed; // [rows]
  private int layer;

  ComputeMeter(int layers, int rows) {
    this.rows = rows;
    this.adaptive = new long[layers][rows];
    this.adaptiveStaticPerLayer = new long[layers];
    this.fixed = new long[rows];
  }

  void layer(int l) {
    layer = l;
  }

  void adaptive(int row, long macs) {
    adaptive[layer][row] += macs;
  }

  void adaptiveStatic(long macsPerFrame) {
    adaptiveStaticPerLayer[layer] += macsPerFrame;
  }

  void fixed(int row, long macs) {
    fixed[row] += macs;
  }

  public int rows() {
    return rows;
  }

  public int layers() {
    return adaptive.length;
  }

  /** Executed adaptive MACs of one frame in one layer. */
  public long adaptiveMacs(int layer, int row) {
    return adaptive[layer][row];
  }

  /** Static adaptive MACs of one frame in one layer. */
  public long adaptiveStaticMacs(int layer) {
    return adaptiveStaticPerLayer[layer];
  }

  /** Executed adaptive MACs of one frame over all layers. */
  public long adaptiveMacs(int row) {
    long s = 0;
    for (long[] l : adaptive) s += l[row];
    return s;
  }

  /** Static adaptive MACs per frame over all layers. */
  public long adaptiveStaticMacs() {
    long s = 0;
    for (long v : adaptiveStaticPerLayer) s += v;
    return s;
  }

  public long fixedMacs(int row) {
    return fixed[row];
  }
}
