package org.acmasr.model;

/**
 * Per-stream encoder state: for every layer the keys and values of the last L encoder frames, the
 * convolution modules' inputs of the last K − 1 frames (zeros before the stream's start), and the
 * number of encoder frames processed so far. Owned by one stream; never shared.
 */
public final class EncoderCache {
  final int layers;
  final int dModel;
  final int capacity; // L
  final float[][] keys; // [layer] → [capacity, d], oldest first, `length` valid rows at the end
  final float[][] values;
  final float[][] conv; // [layer] → [(K − 1)·d], oldest first; empty without convolution modules
  int length;
  long position;

  EncoderCache(ModelConfig cfg) {
    this.layers = cfg.layers();
    this.dModel = cfg.dModel();
    this.capacity = cfg.leftContextFrames();
    this.keys = new float[layers][capacity * dModel];
    this.values = new float[layers][capacity * dModel];
    this.conv = new float[layers][Math.max(0, cfg.convKernel() - 1) * dModel];
  }

  /** Encoder frames processed since the stream started. */
  public long position() {
    return position;
  }

  /**
   * Appends {@code n} new rows to layer {@code l}'s window, keeping the last L. Row i's key is
   * {@code qkv[off + i·stride + d ..]} and its value the d floats after it (the fused [q | k | v]
   * layout). Call for every layer, then {@link #commit} once.
   */
  void append(int l, float[] qkv, int stride, int off, int n) {
    if (capacity == 0) return;
    float[] kc = keys[l];
    float[] vc = values[l];
    int take = Math.min(n, capacity);
    int keep = Math.min(length, capacity - take);
    // Shift the newest `keep` old rows to just before the slots of the new rows.
    int srcRow = capacity - keep;
    int dst = capacity - keep - take;
    System.arraycopy(kc, srcRow * dModel, kc, dst * dModel, keep * dModel);
    System.arraycopy(vc, srcRow * dModel, vc, dst * dModel, keep * dModel);
    for (int i = 0; i < take; i++) {
      int src = off + (n - take + i) * stride;
      int to = (capacity - take + i) * dModel;
      System.arraycopy(qkv, src + dModel, kc, to, dModel);
      System.arraycopy(qkv, src + 2 * dModel, vc, to, dModel);
    }
  }

  /** Ends a chunk of {@code n} frames: the windows now hold min(L, length + n) rows. */
  void commit(int n) {
    length = Math.min(capacity, length + n);
    position += n;
  }
}
