package org.acmasr.audio;

import java.util.Arrays;

/**
 * Band-limited rational resampler (Kaiser-windowed sinc, polyphase) that works on a stream.
 *
 * <p>Output sample {@code j} sits at input position {@code t = j * down / up} (the rate ratio
 * reduced by its gcd) and is the dot product of the inputs around {@code t} with the filter phase
 * {@code (j * down) mod up}. Every output depends only on fixed input samples and a fixed phase,
 * and the sum always runs in the same order, so any split of the input into chunks gives
 * bit-identical output to resampling the whole buffer at once. The filter is centred (zero delay):
 * input and output are aligned at t = 0, and {@link #flush} emits {@code ceil(n * up / down)}
 * outputs in total for {@code n} inputs.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class Resampler {
  /** Zero crossings of the sinc on each side of the centre. */
  private static final int ZERO_CROSSINGS = 16;
  /** Passband edge as a fraction of the lower Nyquist frequency. */
  private static final double ROLLOFF = 0.945;
  /** Kaiser window shape (~ 80 dB stop-band attenuation). */
  private static final double KAISER_BETA = 8.0;
  /** Phase tables above this many floats are not precomputed; taps are computed per output. */
  private static final long MAX_TABLE_FLOATS = 1L << 22;

  /** Phase tables by (input rate, output rate); few pairs occur, each is kept for the JVM's life. */
  private static final java.util.concurrent.ConcurrentHashMap<Long, float[][]> TABLES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final int inRate;
  private final int outRate;
  private final int up;
  private final int down;
  /** Cut-off in cycles per input sample. */
  private final double cutoff;
  /** Taps on each side of the centre, in input samples. */
  private final int half;
  /** [phase][2 * half] taps for input offsets -half+1 .. half, or null when computed per output. */
  private final float[][] table;

  // Stream state.
  /** Input samples kept for the filter; buf[0] is input index bufStart. */
  private float[] buf = new float[0];
  private int bufLen;
  private long bufStart;
  /** Inputs received so far. */
  private long received;
  /** Index of the next output sample. */
  private long nextOut;
  private boolean flushed;

  public Resampler(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      throw new IllegalArgumentException("sample rates must be positive, got " + inRate + " -> " + outRate);
    }
    this.inRate = inRate;
    this.outRate = outRate;
    int g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    this.cutoff = 0.5 * ROLLOFF * Math.min(1.0, (double) outRate / inRate);
    this.half = (int) Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
    if (up == down) {
      table = null;
    } else if ((long) up * 2 * half <= MAX_TABLE_FLOATS) {
      // Shared by every stream of the same rates (read only): a table costs up to milliseconds to compute.
      table = TABLES.computeIfAbsent(((long) inRate << 32) | outRate, k -> {
        float[][] t = new float[up][];
        for (int p = 0; p < up; p++) {
          t[p] = taps(p);
        }
        return t;
      });
    } else {
      table = null;
    }
  }

  /** Resamples a whole buffer. */
  public static float[] resample(float[] samples, int inRate, int outRate) {
    if (inRate == outRate) {
      return samples.clone();
    }
    Resampler r = new Resampler(inRate, outRate);
    float[] a = r.process(samples, 0, samples.length);
    float[] b = r.flush();
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public int inRate() {
    return inRate;
  }

  public int outRate() {
    return outRate;
  }

  public float[] process(float[] chunk) {
    return process(chunk, 0, chunk.length);
  }

  /** Consumes input and returns every output sample whose filter support is now complete. */
  public float[] process(float[] chunk, int off, int len) {
    if (flushed) {
      throw new IllegalStateException("resampler already flushed");
    }
    if (up == down) {
      received += len;
      return Arrays.copyOfRange(chunk, off, off + len);
    }
    append(chunk, off, len);
    received += len;
    // Output j needs inputs up to floor(j*down/up) + half.
    long last = lastComputable(received - 1);
    return produce(last);
  }

  /** Ends the stream: treats the inputs after the last one as zeros and emits the remaining outputs. */
  public float[] flush() {
    if (flushed) {
      return new float[0];
    }
    flushed = true;
    if (up == down) {
      return new float[0];
    }
    long total = ceilDiv(received * up, down);
    long lastIndex = total - 1;
    float[] zeros = new float[half + 1];
    append(zeros, 0, zeros.length);
    return produce(lastIndex);
  }

  /** Largest output index whose support ends at or before input {@code lastInput}. */
  private long lastComputable(long lastInput) {
    // need floor(j*down/up) + half <= lastInput  <=>  j*down < (lastInput - half + 1) * up
    long limit = (lastInput - half + 1) * up;
    if (limit <= 0) {
      return -1;
    }
    return (limit - 1) / down;
  }

  private float[] produce(long lastIndex) {
    if (lastIndex < nextOut) {
      return new float[0];
    }
    int n = (int) (lastIndex - nextOut + 1);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      long j = nextOut + i;
      long num = j * down;
      long n0 = num / up;
      int phase = (int) (num % up);
      float[] h = table != null ? table[phase] : taps(phase);
      long first = n0 - half + 1;
      out[i] = (float) dot(h, first < 0 ? (int) -first : 0, buf, (int) (first - bufStart));
    }
    nextOut += n;
    // Drop inputs no future output needs.
    long keepFrom = Math.max(0, nextOut * down / up - half + 1);
    if (keepFrom > bufStart) {
      int drop = (int) Math.min(bufLen, keepFrom - bufStart);
      System.arraycopy(buf, drop, buf, 0, bufLen - drop);
      bufLen -= drop;
      bufStart += drop;
    }
    return out;
  }

  /**
   * {@code sum h[k] * x[base + k]} for k from {@code k0} on, in four interleaved partial sums (so the
   * additions pipeline) added in a fixed order: the same inputs always give the same bits.
   */
  private static double dot(float[] h, int k0, float[] x, int base) {
    double a0 = 0;
    double a1 = 0;
    double a2 = 0;
    double a3 = 0;
    int k = k0;
    for (int end = h.length - 3; k < end; k += 4) {
      a0 += h[k] * x[base + k];
      a1 += h[k + 1] * x[base + k + 1];
      a2 += h[k + 2] * x[base + k + 2];
      a3 += h[k + 3] * x[base + k + 3];
    }
    for (; k < h.length; k++) a0 += h[k] * x[base + k];
    return (a0 + a1) + (a2 + a3);
  }

  private void append(float[] src, int off, int len) {
    if (bufLen + len > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(bufLen + len, buf.length * 2));
    }
    System.arraycopy(src, off, buf, bufLen, len);
    bufLen += len;
  }

  /** Filter taps for one phase: input offsets k = -half+1 .. half relative to floor(t). */
  private float[] taps(int phase) {
    double frac = (double) phase / up;
    float[] h = new float[2 * half];
    for (int k = -half + 1; k <= half; k++) {
      double x = k - frac; // distance from the output position, in input samples
      h[k + half - 1] = (float) kernel(x);
    }
    return h;
  }

  private double kernel(double x) {
    if (Math.abs(x) >= half) {
      return 0;
    }
    double arg = 2 * cutoff * x;
    double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
    double r = x / half;
    double w = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / besselI0(KAISER_BETA);
    return 2 * cutoff * sinc * w;
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 50; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
