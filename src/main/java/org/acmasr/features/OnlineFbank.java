package org.acmasr.features;

import be.tarsos.dsp.util.fft.FFT;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Streaming log-mel filterbank. Accepts sample chunks of any size and emits each frame as soon as
 * its window is complete. Each frame is computed from its own window alone (dither is seeded by the
 * frame index), so frames are bit-identical however the audio is chunked.
 *
 * <p>Per frame: [dither] → [remove DC] → [pre-emphasis] → window → zero-pad to the FFT size →
 * TarsosDSP real FFT → power spectrum (fftSize/2 bins) → mel filters → log(max(e, floor)).
 *
 * <p>Owns its scratch buffers and FFT: one instance per stream, not thread-safe.
 */
public final class OnlineFbank {
  private final FbankConfig cfg;
  private final MelFilterbank mel;
  private final float[] window;
  private final FFT fft;
  private final int windowSize;
  private final int shift;

  // Scratch, reused per frame.
  private final float[] frame; // [fftSize]
  private final float[] power; // [fftSize / 2]

  // Stream state.
  private float[] pending = new float[0]; // samples from absolute index pendingStart on
  private int pendingLen;
  private long pendingStart;
  private long framesEmitted;

  public OnlineFbank(FbankConfig cfg) {
    this(cfg, new MelFilterbank(cfg));
  }

  /** Shares an already built filterbank (immutable) between streams. */
  public OnlineFbank(FbankConfig cfg, MelFilterbank mel) {
    this.cfg = cfg;
    this.mel = mel;
    this.windowSize = cfg.windowSize();
    this.shift = cfg.windowShift();
    this.window = cfg.window().coefficients(windowSize);
    this.fft = new FFT(cfg.fftSize());
    this.frame = new float[cfg.fftSize()];
    this.power = new float[cfg.fftSize() / 2];
  }

  public FbankConfig config() {
    return cfg;
  }

  /** Frames emitted since the start of the stream. */
  public long framesEmitted() {
    return framesEmitted;
  }

  /** Feeds samples; returns the frames (each {@code numMelBins} long) completed by them, in order. */
  public List<float[]> accept(float[] samples) {
    return accept(samples, 0, samples.length);
  }

  public List<float[]> accept(float[] samples, int off, int len) {
    if (pendingLen + len > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pendingLen + len, pending.length * 2));
    }
    System.arraycopy(samples, off, pending, pendingLen, len);
    pendingLen += len;
    List<float[]> out = new ArrayList<>();
    long available = pendingStart + pendingLen;
    while (framesEmitted * shift + windowSize <= available) {
      int at = (int) (framesEmitted * shift - pendingStart);
      float[] feats = new float[mel.numBins()];
      compute(pending, at, framesEmitted, feats);
      out.add(feats);
      framesEmitted++;
    }
    long keepFrom = framesEmitted * shift;
    int drop = (int) Math.min(pendingLen, keepFrom - pendingStart);
    if (drop > 0) {
      System.arraycopy(pending, drop, pending, 0, pendingLen - drop);
      pendingLen -= drop;
      pendingStart += drop;
    }
    return out;
  }

  /** Whole-buffer extraction: [frames][numMelBins]. */
  public static float[][] computeAll(FbankConfig cfg, float[] samples) {
    return new OnlineFbank(cfg).accept(samples).toArray(new float[0][]);
  }

  private void compute(float[] src, int at, long frameIndex, float[] out) {
    System.arraycopy(src, at, frame, 0, windowSize);
    if (cfg.dither() > 0) {
      SplittableRandom rnd = new SplittableRandom(cfg.ditherSeed() * 0x9E3779B97F4A7C15L + frameIndex);
      for (int i = 0; i < windowSize; i++) {
        frame[i] += (float) (cfg.dither() * gaussian(rnd));
      }
    }
    if (cfg.removeDcOffset()) {
      double sum = 0;
      for (int i = 0; i < windowSize; i++) sum += frame[i];
      float mean = (float) (sum / windowSize);
      for (int i = 0; i < windowSize; i++) frame[i] -= mean;
    }
    float p = (float) cfg.preemphasis();
    if (p != 0f) {
      for (int i = windowSize - 1; i > 0; i--) frame[i] -= p * frame[i - 1];
      frame[0] -= p * frame[0];
    }
    for (int i = 0; i < windowSize; i++) frame[i] *= window[i];
    Arrays.fill(frame, windowSize, frame.length, 0f);
    fft.forwardTransform(frame); // packed: [re0, re(n/2), re1, im1, re2, im2, ...]
    power[0] = frame[0] * frame[0];
    for (int k = 1; k < power.length; k++) {
      float re = frame[2 * k];
      float im = frame[2 * k + 1];
      power[k] = re * re + im * im;
    }
    mel.apply(power, out);
    float floor = (float) cfg.logFloor();
    for (int m = 0; m < out.length; m++) {
      out[m] = (float) Math.log(Math.max(out[m], floor));
    }
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
