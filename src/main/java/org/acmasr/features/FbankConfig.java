package org.acmasr.features;

import static org.acmasr.check.Require.require;

/**
 * Log-mel filterbank settings. Immutable; the constructor rejects bad values with a message that
 * names the key and the value.
 *
 * @param sampleRate     input sample rate in Hz: the model's front-end rate (audio is resampled to it)
 * @param numMelBins     number of triangular mel filters (features per frame)
 * @param frameLengthMs  analysis window length in milliseconds
 * @param frameShiftMs   hop between frames in milliseconds
 * @param window         analysis window shape
 * @param preemphasis    pre-emphasis coefficient in [0, 1); 0 disables it
 * @param removeDcOffset subtract each frame's mean before windowing
 * @param lowFreq        lower edge of the first mel filter in Hz
 * @param highFreq       upper edge of the last mel filter in Hz; 0 or negative means Nyquist plus this value
 * @param logFloor       energies are clamped to at least this before the log (> 0)
 * @param dither         standard deviation of Gaussian dither added per sample, in sample units; 0 = off
 * @param ditherSeed     seed of the dither generator (dither is deterministic per frame index)
 */
public record FbankConfig(
    int sampleRate,
    int numMelBins,
    double frameLengthMs,
    double frameShiftMs,
    WindowType window,
    double preemphasis,
    boolean removeDcOffset,
    double lowFreq,
    double highFreq,
    double logFloor,
    double dither,
    long ditherSeed) {

  public FbankConfig {
    require(sampleRate >= 8000 && sampleRate <= 48000, "fbank.sample_rate", sampleRate, "must be in [8000, 48000] Hz");
    require(numMelBins >= 1 && numMelBins <= 256, "fbank.num_mel_bins", numMelBins, "must be in [1, 256]");
    require(frameLengthMs >= 5 && frameLengthMs <= 100, "fbank.frame_length_ms", frameLengthMs, "must be in [5, 100]");
    require(frameShiftMs > 0 && frameShiftMs <= frameLengthMs, "fbank.frame_shift_ms", frameShiftMs,
        "must be in (0, frame_length_ms=" + frameLengthMs + "]");
    require(window != null, "fbank.window", window, "must be povey, hann or hamming");
    require(preemphasis >= 0 && preemphasis < 1, "fbank.preemphasis", preemphasis, "must be in [0, 1)");
    double nyquist = sampleRate / 2.0;
    require(lowFreq >= 0 && lowFreq < nyquist, "fbank.low_freq", lowFreq, "must be in [0, " + nyquist + ")");
    double high = highFreq > 0 ? highFreq : nyquist + highFreq;
    require(high <= nyquist && high > lowFreq, "fbank.high_freq", highFreq,
        "must resolve to a frequency in (low_freq=" + lowFreq + ", " + nyquist + "] Hz");
    require(logFloor > 0 && Double.isFinite(logFloor), "fbank.log_floor", logFloor, "must be a positive number");
    require(dither >= 0 && Double.isFinite(dither), "fbank.dither", dither, "must be >= 0");
    int windowSize = (int) Math.round(sampleRate * frameLengthMs / 1000.0);
    int fft = Integer.highestOneBit(windowSize - 1) << 1;
    require(numMelBins <= fft / 2, "fbank.num_mel_bins", numMelBins,
        "must not exceed the " + fft / 2 + " FFT bins of a " + frameLengthMs + " ms window");
  }

  /** 80 bins, 25 ms Povey window, 10 ms hop, pre-emphasis 0.97, 20 Hz to Nyquist, no dither, at 16 kHz. */
  public static FbankConfig defaults() {
    return new FbankConfig(16000, 80, 25, 10, WindowType.POVEY, 0.97, true, 20, 0, 1e-10, 0, 0);
  }

  public FbankConfig withWindow(WindowType w) {
    return new FbankConfig(sampleRate, numMelBins, frameLengthMs, frameShiftMs, w, preemphasis, removeDcOffset,
        lowFreq, highFreq, logFloor, dither, ditherSeed);
  }

  public FbankConfig withNumMelBins(int bins) {
    return new FbankConfig(sampleRate, bins, frameLengthMs, frameShiftMs, window, preemphasis, removeDcOffset,
        lowFreq, highFreq, logFloor, dither, ditherSeed);
  }

  public FbankConfig withDither(double d, long seed) {
    return new FbankConfig(sampleRate, numMelBins, frameLengthMs, frameShiftMs, window, preemphasis, removeDcOffset,
        lowFreq, highFreq, logFloor, d, seed);
  }

  /** Samples in one analysis window (400 at 16 kHz / 25 ms). */
  public int windowSize() {
    return (int) Math.round(sampleRate * frameLengthMs / 1000.0);
  }

  /** Samples between frame starts (160 at 16 kHz / 10 ms). */
  public int windowShift() {
    return (int) Math.round(sampleRate * frameShiftMs / 1000.0);
  }

  /** FFT length: the window size rounded up to a power of two (512 for 400). */
  public int fftSize() {
    return Integer.highestOneBit(windowSize() - 1) << 1;
  }

  /** Upper filter edge in Hz after resolving a non-positive {@link #highFreq}. */
  public double effectiveHighFreq() {
    return highFreq > 0 ? highFreq : sampleRate / 2.0 + highFreq;
  }

  /** Frames produced for {@code samples} input samples (frames never extend past the input). */
  public int numFrames(long samples) {
    return samples < windowSize() ? 0 : (int) (1 + (samples - windowSize()) / windowShift());
  }
}
