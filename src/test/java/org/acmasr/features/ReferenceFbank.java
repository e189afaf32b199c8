package org.acmasr.features;

/**
 * An independent, slow, double-precision log-mel reference: a direct O(n^2) DFT and mel weights
 * computed from the textbook formulas. Shares no code with the production path.
 */
final class ReferenceFbank {
  private ReferenceFbank() {}

  static double[] frame(FbankConfig cfg, float[] x, int t) {
    int n = (int) Math.round(cfg.sampleRate() * cfg.frameLengthMs() / 1000);
    int hop = (int) Math.round(cfg.sampleRate() * cfg.frameShiftMs() / 1000);
    int nfft = 1;
    while (nfft < n) nfft <<= 1;
    double[] w = new double[n];
    for (int i = 0; i < n; i++) w[i] = x[t * hop + i];
    double mean = 0;
    for (double v : w) mean += v;
    mean /= n;
    for (int i = 0; i < n; i++) w[i] -= mean;
    for (int i = n - 1; i > 0; i--) w[i] -= cfg.preemphasis() * w[i - 1];
    w[0] -= cfg.preemphasis() * w[0];
    for (int i = 0; i < n; i++) {
      double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
      double win = switch (cfg.window()) {
        case POVEY -> Math.pow(hann, 0.85);
        case HANN -> hann;
        case HAMMING -> 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1));
      };
      w[i] *= win;
    }
    double[] power = new double[nfft / 2];
    for (int k = 0; k < nfft / 2; k++) {
      double re = 0;
      double im = 0;
      for (int i = 0; i < n; i++) {
        double a = -2 * Math.PI * k * i / nfft;
        re += w[i] * Math.cos(a);
        im += w[i] * Math.sin(a);
      }
      power[k] = re * re + im * im;
    }
    int bins = cfg.numMelBins();
    double lo = mel(cfg.lowFreq());
    double hi = mel(cfg.highFreq() > 0 ? cfg.highFreq() : cfg.sampleRate() / 2.0 + cfg.highFreq());
    double d = (hi - lo) / (bins + 1);
    double[] out = new double[bins];
    for (int m = 0; m < bins; m++) {
      double l = lo + m * d;
      double c = l + d;
      double r = c + d;
      double e = 0;
      for (int k = 0; k < nfft / 2; k++) {
        double mk = mel((double) k * cfg.sampleRate() / nfft);
        double wt = mk <= l || mk >= r ? 0 : mk <= c ? (mk - l) / (c - l) : (r - mk) / (r - c);
        e += wt * power[k];
      }
      out[m] = Math.log(Math.max(e, cfg.logFloor()));
    }
    return out;
  }

  private static double mel(double hz) {
    return 1127 * Math.log(1 + hz / 700);
  }
}
