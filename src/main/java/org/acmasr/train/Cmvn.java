package org.acmasr.train;

import java.util.List;
import org.acmasr.model.Tensor;

/** Global cepstral mean and variance statistics of log-mel features, accumulated in double precision. */
public final class Cmvn {
  private final double[] sum;
  private final double[] sumSq;
  private long frames;

  public Cmvn(int bins) {
    sum = new double[bins];
    sumSq = new double[bins];
  }

  public void add(float[][] feats) {
    for (float[] f : feats) {
      for (int m = 0; m < sum.length; m++) {
        sum[m] += f[m];
        sumSq[m] += (double) f[m] * f[m];
      }
      frames++;
    }
  }

  public static Cmvn of(List<float[][]> utterances, int bins) {
    Cmvn c = new Cmvn(bins);
    for (float[][] u : utterances) c.add(u);
    return c;
  }

  public long frames() {
    return frames;
  }

  /** The model file's {@code cmvn.mean}. */
  public Tensor mean() {
    float[] m = new float[sum.length];
    for (int i = 0; i < m.length; i++) m[i] = (float) (sum[i] / Math.max(1, frames));
    return new Tensor(new long[] {m.length}, m);
  }

  /** The model file's {@code cmvn.istd}: 1 / max(std, 1e-3). */
  public Tensor istd() {
    float[] s = new float[sum.length];
    for (int i = 0; i < s.length; i++) {
      double mean = sum[i] / Math.max(1, frames);
      double var = Math.max(0, sumSq[i] / Math.max(1, frames) - mean * mean);
      s[i] = (float) (1.0 / Math.max(Math.sqrt(var), 1e-3));
    }
    return new Tensor(new long[] {s.length}, s);
  }
}
