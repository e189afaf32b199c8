package org.acmasr.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.AudioLimits;
import org.acmasr.audio.Resampler;
import org.acmasr.decode.CtcPrefixBeamSearch;
import org.acmasr.decode.CtcGreedyDecoder;
import org.acmasr.decode.BeamSearchConfig;
import org.acmasr.decode.Endpointer;
import org.acmasr.decode.Hypothesis;
import org.acmasr.decode.StreamingDecoder;
import org.acmasr.features.OnlineFbank;
import org.acmasr.model.ChunkInput;
import org.acmasr.model.ChunkOutput;
import org.acmasr.model.EncoderCache;
import org.acmasr.model.FrameStacker;

/**
 * One audio stream's recognition state: resampler, log-mel front end, CMVN/stacking, encoder caches,
 * CTC decoder, endpointer, budget and results. Created by {@link Recognizer#createStream}; owned by
 * one client. Audio may be fed from one thread while another runs {@link Recognizer#decode}: the
 * feeding side and the decoding side meet only in the synchronized queue of encoder frames.
 */
public final class RecognizerStream {
  private final Recognizer recognizer;
  private final int chunk;
  private final double frameSeconds;
  private final OnlineFbank fbank;
  private final FrameStacker stacker;
  private final EncoderCache cache;
  private final StreamingDecoder decoder;
  private final Endpointer endpointer;
  private Resampler resampler;

  // Shared between the feeding and decoding threads (guarded by `this`).
  private final Deque<float[]> pending = new ArrayDeque<>();
  private boolean inputFinished;
  private boolean flushed;
  private final List<Segment> finals = new ArrayList<>();
  private volatile float budget;
  private float takenBudget; // β of the chunk being decoded (guarded by this)
  private RuntimeException failure;
  private long framesQueued; // encoder frames ever queued
  private long framesTaken; // encoder frames ever taken for decoding
  private final Deque<Long> finalizeMarks = new ArrayDeque<>(); // framesQueued at each finalize request
  private final Deque<BudgetMark> budgetMarks = new ArrayDeque<>(); // configure requests not yet reached
  private int finalized; // finalize requests completed

  // Decoding side.
  private long framesDecoded;
  private long segmentStartFrame;
  private int segmentIndex;
  private float[] segmentCompute = new float[64];
  private int segmentFrames;
  private double adaptiveMacs;
  private double adaptiveStatic;
  private long samplesIn;
  private float[] history; // every frame's compute, kept only for offline transcription
  private int historyLen;

  RecognizerStream(Recognizer recognizer, float budget, org.acmasr.decode.EndpointConfig endpoint) {
    this.recognizer = recognizer;
    this.budget = recognizer.effectiveBudget(budget);
    var model = recognizer.model();
    this.chunk = model.config().chunkFrames();
    this.frameSeconds = model.config().frameSeconds();
    this.fbank = new OnlineFbank(model.config().fbank(), recognizer.melFilterbank());
    this.stacker = model.newStacker();
    this.cache = model.newCache();
    RecognizerConfig rc = recognizer.config();
    this.decoder = rc.beamWidth() == 1 ? new CtcGreedyDecoder(recognizer.tokens(), frameSeconds)
        : new CtcPrefixBeamSearch(recognizer.tokens(), frameSeconds, BeamSearchConfig.defaults().withBeamWidth(
            rc.beamWidth()).withLanguageModel(rc.lmWeight(), rc.tokenBonus()).withOovPenalty(rc.oovPenalty())
            .withWordLm(rc.wordLmWeight(), rc.wordBonus()), recognizer.languageModel(), recognizer.lexicon(),
            recognizer.wordFusion());
    this.endpointer = new Endpointer(endpoint, frameSeconds);
    this.decoder.reset(0);
  }

  /**
   * Changes the budget from this point of the stream on (raised to {@link Recognizer#minBudget}):
   * frames queued before the call are decoded with the budget in force before it, however far the
   * decoding lags behind, and later frames with the new one (a chunk that spans the point is split
   * there, as for {@link #finalizeSegment}). Audio still inside the front end (less than one encoder
   * frame plus the analysis window) counts as after the point.
   */
  /**
   * Sets the budget for the next chunk decoded, dropping pending {@link #setBudget} marks: the
   * scheduler's steering of an "auto" stream, which applies to whatever is decoded next.
   */
  synchronized void steerBudget(double beta) {
    budgetMarks.clear();
    budget = Budget.check(beta);
  }

  public synchronized void setBudget(double beta) {
    float b = recognizer.effectiveBudget(beta);
    float last = budgetMarks.isEmpty() ? budget : budgetMarks.peekLast().budget();
    if (b == last) return; // no change: the chunking stays as it was
    if (framesQueued == framesTaken && budgetMarks.isEmpty()) {
      budget = b; // nothing waits to be decoded: in force at once
    } else {
      budgetMarks.add(new BudgetMark(framesQueued, b));
    }
  }

  /** A budget change at encoder frame {@code frame} (frames queued before it keep the old budget). */
  private record BudgetMark(long frame, float budget) {}

  public float budget() {
    return budget;
  }

  /** Feeds 16 kHz mono samples. */
  public void acceptWaveform(float[] samples) {
    acceptWaveform(AudioDecoder.TARGET_RATE, samples);
  }

  /**
   * Feeds mono samples at {@code sampleRate}; a stream's rate must not change once audio has arrived.
   *
   * @throws IllegalStateException after {@link #inputFinished} or when the rate changes
   */
  public void acceptWaveform(int sampleRate, float[] samples) {
    List<float[]> stacked;
    synchronized (this) {
      if (inputFinished) {
        throw new IllegalStateException("audio after the end of the stream");
      }
      float[] x = finite(samples);
      if (sampleRate != AudioDecoder.TARGET_RATE || resampler != null) {
        if (resampler == null) {
          if (samplesIn > 0) {
            throw new IllegalStateException("sample rate changed from 16000 to " + sampleRate + " Hz mid-stream");
          }
          resampler = new Resampler(sampleRate, AudioDecoder.TARGET_RATE);
        } else if (resampler.inRate() != sampleRate) {
          throw new IllegalStateException("sample rate changed from " + resampler.inRate() + " to " + sampleRate
              + " Hz mid-stream");
        }
        x = resampler.process(x);
      }
      samplesIn += samples.length;
      stacked = stacker.accept(fbank.accept(x));
      enqueue(stacked);
    }
  }

  private void enqueue(List<float[]> frames) {
    pending.addAll(frames);
    framesQueued += frames.size();
  }

  /**
   * The last line of defence for callers that bypass the decoders' range check: non-finite samples
   * (NaN, ±∞) become silence and huge ones (±1e38, whose power overflows the front end to ∞) are
   * clipped to ±{@link AudioLimits#MAX_FLOAT_SAMPLE}, so no sample value reaches the model as a
   * non-finite number and poisons the batch it is decoded in.
   */
  private static float[] finite(float[] samples) {
    float[] out = samples;
    final float max = AudioLimits.MAX_FLOAT_SAMPLE;
    for (int i = 0; i < samples.length; i++) {
      float v = samples[i];
      if (!(v >= -max && v <= max)) {
        if (out == samples) out = samples.clone();
        out[i] = Float.isFinite(v) ? Math.max(-max, Math.min(max, v)) : 0f;
      }
    }
    return out;
  }

  /** No more audio: the remaining frames are decoded and the last segment becomes final. */
  public synchronized void inputFinished() {
    if (inputFinished) return;
    if (resampler != null) {
      enqueue(stacker.accept(fbank.accept(resampler.flush())));
    }
    inputFinished = true;
  }

  /**
   * Ends the current segment at the audio received so far, keeping the stream open: the encoder frames
   * queued now are decoded (the last chunk may be short) and the segment becomes final, always — with
   * empty text when nothing was said. Audio still inside the front end (less than one 40 ms encoder
   * frame plus the analysis window) carries over into the next segment. Each request completes in
   * order; {@link #finalizedSegments} counts them. A request after {@link #inputFinished} is ignored
   * (the end of the input closes the segment anyway).
   */
  public synchronized void finalizeSegment() {
    if (inputFinished) return;
    finalizeMarks.add(framesQueued);
  }

  /**
   * Finalize requests completed so far. The final segment a request produced is the last one that
   * {@link #takeFinals} returned in the same decode step that raised this count.
   */
  public synchronized int finalizedSegments() {
    return finalized;
  }

  public synchronized boolean isInputFinished() {
    return inputFinished;
  }

  /** True when a chunk can be decoded now: C frames are queued, or the input ended with frames left. */
  public synchronized boolean isReady() {
    return failure == null && (pending.size() >= chunk || (inputFinished && !flushed) || !finalizeMarks.isEmpty());
  }

  /**
   * True when every whole chunk of the audio accepted so far has been decoded and its results are out:
   * nothing is ready and no decode call holds frames of this stream (fewer than C frames wait for more
   * audio). Request-reply protocols answer an audio message once this holds.
   */
  public synchronized boolean isCaughtUp() {
    return failure != null || (framesQueued - framesDecoded < chunk && finalizeMarks.isEmpty()
        && !(inputFinished && !flushed));
  }

  /** True once the input ended and everything was decoded, or the stream failed. */
  public synchronized boolean isDone() {
    return failure != null || (inputFinished && flushed);
  }

  /** Why decoding this stream stopped, or null. */
  public synchronized RuntimeException failure() {
    return failure;
  }

  /** Stops the stream after an unexpected error in its decoding; it is then done and never ready. */
  synchronized void fail(RuntimeException e) {
    failure = e;
    pending.clear();
    finalizeMarks.clear();
    inputFinished = true;
    flushed = true;
  }

  /** Encoder frames waiting for a decode call. */
  public synchronized int pendingFrames() {
    return pending.size();
  }

  /** Seconds of audio decoded so far. */
  public double decodedSeconds() {
    return framesDecoded * frameSeconds;
  }

  /** The current segment's best hypothesis (partial result). */
  public synchronized Segment partial() {
    return segment(decoder.current(), false);
  }

  /** Removes and returns the segments finalised since the last call. */
  public synchronized List<Segment> takeFinals() {
    List<Segment> out = List.copyOf(finals);
    finals.clear();
    return out;
  }

  /** Mean fraction of the static adaptive compute spent on all frames decoded so far. */
  public synchronized double computeUsed() {
    return adaptiveStatic == 0 ? 0 : adaptiveMacs / adaptiveStatic;
  }

  /** Adaptive MACs executed so far (decoding thread). */
  synchronized double adaptiveMacs() {
    return adaptiveMacs;
  }

  /** Adaptive MACs the static model would have executed so far (decoding thread). */
  synchronized double adaptiveStatic() {
    return adaptiveStatic;
  }

  /** Keeps the compute of every frame (for offline transcripts and heat-maps). */
  synchronized void keepHistory() {
    if (history == null) history = new float[256];
  }

  /** Compute fraction of every frame decoded so far (empty unless history is kept). */
  synchronized float[] frameComputeHistory() {
    return history == null ? new float[0] : Arrays.copyOf(history, historyLen);
  }

  /** Takes the next chunk for a batched forward call; null if there is nothing to run. */
  synchronized ChunkInput takeChunk() {
    while (!budgetMarks.isEmpty() && budgetMarks.peek().frame() <= framesTaken) budget = budgetMarks.poll().budget();
    int n = Math.min(chunk, pending.size());
    if (!budgetMarks.isEmpty()) {
      n = (int) Math.min(n, budgetMarks.peek().frame() - framesTaken); // stop at the next budget change
    }
    if (!finalizeMarks.isEmpty()) {
      n = (int) Math.min(n, finalizeMarks.peek() - framesTaken); // stop at the finalize point
    }
    if (n == 0) {
      if (!finalizeMarks.isEmpty() && finalizeMarks.peek() == framesTaken) {
        completeFinalize(); // nothing (more) to run before the finalize point
      } else if (inputFinished && !flushed) {
        finishSegment(); // nothing left to run: close the last segment
        flushed = true;
      }
      return null;
    }
    float[][] frames = new float[n][];
    for (int i = 0; i < n; i++) frames[i] = pending.poll();
    framesTaken += n;
    takenBudget = budget;
    return new ChunkInput(cache, frames, takenBudget);
  }

  /** Consumes the model's output for the chunk taken by {@link #takeChunk}. */
  synchronized void onOutput(ChunkOutput out) {
    float[][] lp = out.logProbs();
    decoder.accept(lp);
    endpointer.accept(lp);
    framesDecoded += lp.length;
    adaptiveMacs += out.adaptiveMacs();
    adaptiveStatic += out.adaptiveStatic();
    if (segmentFrames + lp.length > segmentCompute.length) {
      segmentCompute = Arrays.copyOf(segmentCompute, Math.max(segmentFrames + lp.length, segmentCompute.length * 2));
    }
    System.arraycopy(out.frameCompute(), 0, segmentCompute, segmentFrames, lp.length);
    segmentFrames += lp.length;
    if (history != null) {
      if (historyLen + lp.length > history.length) {
        history = Arrays.copyOf(history, Math.max(historyLen + lp.length, history.length * 2));
      }
      System.arraycopy(out.frameCompute(), 0, history, historyLen, lp.length);
      historyLen += lp.length;
    }
    if (endpointer.isEndpoint()) {
      finishSegment();
    }
    if (!finalizeMarks.isEmpty() && finalizeMarks.peek() == framesTaken) {
      completeFinalize();
    }
    if (inputFinished && pending.isEmpty()) {
      finishSegment();
      flushed = true;
    }
  }

  /** A finalize request reached its point: the segment becomes final even when empty. */
  private void completeFinalize() {
    finalizeMarks.poll();
    finishSegment(true);
    finalized++;
  }

  private void finishSegment() {
    finishSegment(false);
  }

  private void finishSegment(boolean always) {
    if (segmentFrames == 0 && !always) return;
    Hypothesis h = decoder.current();
    if (always || !h.text().isEmpty()) {
      finals.add(segment(h, true));
      segmentIndex++;
    }
    segmentStartFrame = framesDecoded;
    segmentFrames = 0;
    decoder.reset(segmentStartFrame * frameSeconds);
    endpointer.reset();
  }

  private Segment segment(Hypothesis h, boolean isFinal) {
    float[] fc = Arrays.copyOf(segmentCompute, segmentFrames);
    double sum = 0;
    for (float f : fc) sum += f;
    return new Segment(segmentIndex, h.text(), h.words(), segmentStartFrame * frameSeconds,
        (segmentStartFrame + segmentFrames) * frameSeconds, isFinal,
        segmentFrames == 0 ? budget : takenBudget, fc.length == 0 ? 0 : sum / fc.length, fc);
  }
}
