package org.acmasr.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.acmasr.audio.AudioLimits;
import org.acmasr.audio.Resampler;
import org.acmasr.budget.Budget;
import org.acmasr.decode.BeamSearchConfig;
import org.acmasr.decode.CtcGreedyDecoder;
import org.acmasr.decode.CtcPrefixBeamSearch;
import org.acmasr.decode.EndpointConfig;
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
 * CTC decoder, endpointer, budget and results. Created by {@link Recognizer#createStream} (through
 * {@link Engine#open} for scheduled streams); owned by one client.
 *
 * <p>Three parts, each with its own owner and lock, so that feeding audio never waits on a decode:
 * <ul>
 *   <li><b>Feed</b> (the producer's thread: a WebSocket event loop, the Kafka loop, a command): the
 *       resampler, the front end and the frame stacker, under the private {@code feed} lock;
 *       {@link #acceptWaveform}, {@link #inputFinished}, {@link #finalizeSegment}.</li>
 *   <li><b>Queue</b> (shared): the stacked frames waiting to be decoded, the finalize and budget marks,
 *       the end and failure flags and the frame counters, under the private {@code queue} lock, which
 *       is only ever held for a few field updates (never while the front end or a decode runs);
 *       {@link #isReady}, {@link #isCaughtUp}, {@link #isDone}, {@link #pendingFrames},
 *       {@link #setBudget} read and write only this.</li>
 *   <li><b>Decode</b> (one inference thread at a time: the scheduler never puts a stream in two
 *       batches): the encoder cache, the CTC decoder (beam search with the language models), the
 *       endpointer, the open segment and the finals, under the stream's monitor; {@link #takeChunk},
 *       {@link #onOutput}, {@link #partial}, {@link #takeFinals}.</li>
 * </ul>
 * Locks are taken in one order only: the monitor or {@code feed} before {@code queue} (and the
 * scheduler's lock before {@code queue}); {@code feed} and the monitor are never held together.
 */
public final class RecognizerStream {
  private final Recognizer recognizer;
  private final int chunk;
  private final double frameSeconds;
  private final int inputRate; // Hz of the samples fed (the spec's)

  // Feed side (guarded by feed).
  private final Object feed = new Object();
  private final OnlineFbank fbank;
  private final FrameStacker stacker;
  private final Resampler resampler; // null when the input is at the model's rate
  private long samplesIn;

  // Queue (guarded by queue).
  private final Object queue = new Object();
  private final Deque<float[]> pending = new ArrayDeque<>();
  private boolean inputFinished;
  private boolean flushed;
  private RuntimeException failure;
  private long framesQueued; // encoder frames ever queued
  private long framesTaken; // encoder frames ever taken for decoding
  private final Deque<Long> finalizeMarks = new ArrayDeque<>(); // framesQueued at each finalize request
  private final Deque<BudgetMark> budgetMarks = new ArrayDeque<>(); // configure requests not yet reached
  private volatile float budget; // written under queue
  private volatile long framesDecoded; // written under the monitor (decode side), read by isCaughtUp

  // Decode side (guarded by this).
  private final EncoderCache cache;
  private final StreamingDecoder decoder;
  private final Endpointer endpointer;
  private float takenBudget; // β of the chunk being decoded
  private int finalized; // finalize requests completed
  private final List<Segment> finals = new ArrayList<>();
  private long segmentStartFrame;
  private int segmentIndex;
  private float[] segmentCompute = new float[64];
  private int segmentFrames;
  private double adaptiveMacs;
  private double adaptiveStatic;
  private float[] history; // every frame's compute, kept only for offline transcription
  private int historyLen;

  RecognizerStream(Recognizer recognizer, Budget.Fixed budget, EndpointConfig endpoint, int inputRate) {
    this.recognizer = recognizer;
    this.budget = recognizer.effectiveBudget(budget);
    var model = recognizer.model();
    this.chunk = model.config().chunkFrames();
    this.frameSeconds = model.config().frameSeconds();
    this.inputRate = inputRate;
    this.resampler = inputRate == recognizer.sampleRate() ? null : new Resampler(inputRate, recognizer.sampleRate());
    this.fbank = new OnlineFbank(model.config().fbank(), recognizer.melFilterbank());
    this.stacker = model.newStacker();
    this.cache = model.newCache();
    RecognizerConfig rc = recognizer.config();
    this.decoder = rc.beamWidth() == 1 ? new CtcGreedyDecoder(recognizer.tokens(), frameSeconds)
        : new CtcPrefixBeamSearch(recognizer.tokens(), frameSeconds, BeamSearchConfig.defaults().withBeamWidth(
            rc.beamWidth()).withPruneThreshold(rc.pruneThreshold()).withLanguageModel(rc.lmWeight(), rc.tokenBonus()).withOovPenalty(rc.oovPenalty())
            .withWordLm(rc.wordLmWeight(), rc.wordBonus()), recognizer.languageModel(), recognizer.lexicon(),
            recognizer.wordFusion());
    this.endpointer = new Endpointer(endpoint, frameSeconds);
    this.decoder.reset(0);
  }

  /**
   * Sets the budget for the next chunk decoded, dropping pending {@link #setBudget} marks: the
   * scheduler's steering of an "auto" stream, which applies to whatever is decoded next.
   */
  void steerBudget(Budget.Fixed level) {
    synchronized (queue) {
      budgetMarks.clear();
      budget = level.asFloat();
    }
  }

  /**
   * Changes the budget from this point of the stream on (raised to {@link Recognizer#minBudget}):
   * frames queued before the call are decoded with the budget in force before it, however far the
   * decoding lags behind, and later frames with the new one (a chunk that spans the point is split
   * there, as for {@link #finalizeSegment}). Audio still inside the front end (less than one encoder
   * frame plus the analysis window) counts as after the point.
   */
  public void setBudget(Budget.Fixed beta) {
    float b = recognizer.effectiveBudget(beta);
    synchronized (queue) {
      float last = budgetMarks.isEmpty() ? budget : budgetMarks.peekLast().budget();
      if (b == last) return; // no change: the chunking stays as it was
      if (framesQueued == framesTaken && budgetMarks.isEmpty()) {
        budget = b; // nothing waits to be decoded: in force at once
      } else {
        budgetMarks.add(new BudgetMark(framesQueued, b));
      }
    }
  }

  /** A budget change at encoder frame {@code frame} (frames queued before it keep the old budget). */
  private record BudgetMark(long frame, float budget) {}

  public float budget() {
    return budget;
  }

  /** Hz of the samples this stream takes. */
  int inputRate() {
    return inputRate;
  }

  /** Feeds mono samples at the stream's input rate (its {@link StreamSpec#sampleRate}). */
  public void acceptWaveform(float[] samples) {
    acceptWaveform(inputRate, samples);
  }

  /**
   * Feeds mono samples at {@code sampleRate}, which must be the stream's input rate. Runs the front end
   * on the calling thread without waiting for a decode in progress.
   *
   * @throws IllegalStateException after {@link #inputFinished}, or when the rate is not the stream's
   */
  public void acceptWaveform(int sampleRate, float[] samples) {
    synchronized (feed) {
      synchronized (queue) {
        if (inputFinished) throw new IllegalStateException("audio after the end of the stream");
      }
      if (sampleRate != inputRate) {
        throw new IllegalStateException(samplesIn > 0
            ? "sample rate changed from " + inputRate + " to " + sampleRate + " Hz mid-stream"
            : "this stream takes " + inputRate + " Hz audio, not " + sampleRate + " Hz");
      }
      float[] x = finite(samples);
      if (resampler != null) x = resampler.process(x);
      samplesIn += samples.length;
      List<float[]> stacked = stacker.accept(fbank.accept(x));
      synchronized (queue) {
        if (failure == null) enqueue(stacked);
      }
    }
  }

  /** Guarded by queue. */
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
  public void inputFinished() {
    synchronized (feed) {
      synchronized (queue) {
        if (inputFinished) return;
      }
      List<float[]> tail = resampler == null ? List.of() : stacker.accept(fbank.accept(resampler.flush()));
      synchronized (queue) {
        if (!inputFinished) enqueue(tail);
        inputFinished = true;
      }
    }
  }

  /**
   * Ends the current segment at the audio received so far, keeping the stream open: the encoder frames
   * queued now are decoded (the last chunk may be short) and the segment becomes final, always — with
   * empty text when nothing was said. Audio still inside the front end (less than one 40 ms encoder
   * frame plus the analysis window) carries over into the next segment. Each request completes in
   * order; {@link #finalizedSegments} counts them. A request after {@link #inputFinished} is ignored
   * (the end of the input closes the segment anyway).
   */
  public void finalizeSegment() {
    synchronized (feed) {
      synchronized (queue) {
        if (inputFinished) return;
        finalizeMarks.add(framesQueued);
      }
    }
  }

  /**
   * Finalize requests completed so far (decode side). The final segment a request produced is the last
   * one that {@link #takeFinals} returned in the same decode step that raised this count.
   */
  public synchronized int finalizedSegments() {
    return finalized;
  }

  public boolean isInputFinished() {
    synchronized (queue) {
      return inputFinished;
    }
  }

  /** True when a chunk can be decoded now: C frames are queued, or the input ended with frames left. */
  public boolean isReady() {
    synchronized (queue) {
      return failure == null && (pending.size() >= chunk || (inputFinished && !flushed) || !finalizeMarks.isEmpty());
    }
  }

  /**
   * True when every whole chunk of the audio accepted so far has been decoded and its results are out:
   * nothing is ready and no decode call holds frames of this stream (fewer than C frames wait for more
   * audio). Request-reply protocols answer an audio message once this holds.
   */
  public boolean isCaughtUp() {
    synchronized (queue) {
      return failure != null || (framesQueued - framesDecoded < chunk && finalizeMarks.isEmpty()
          && !(inputFinished && !flushed));
    }
  }

  /** True once the input ended and everything was decoded, or the stream failed. */
  public boolean isDone() {
    synchronized (queue) {
      return failure != null || (inputFinished && flushed);
    }
  }

  /** Why decoding this stream stopped, or null. */
  public RuntimeException failure() {
    synchronized (queue) {
      return failure;
    }
  }

  /** Stops the stream after an unexpected error in its decoding; it is then done and never ready. */
  void fail(RuntimeException e) {
    synchronized (queue) {
      failure = e;
      pending.clear();
      finalizeMarks.clear();
      inputFinished = true;
      flushed = true;
    }
  }

  /** Encoder frames waiting for a decode call. */
  public int pendingFrames() {
    synchronized (queue) {
      return pending.size();
    }
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

  /** The whole result once the stream is done: {@code segments} are its finals, {@code t0} when it began. */
  Transcript transcript(List<Segment> segments, long t0) {
    return Transcript.of(segments, samplesIn() / (double) inputRate, budget, computeUsed(), frameComputeHistory(),
        (System.nanoTime() - t0) / 1e9);
  }

  private long samplesIn() {
    synchronized (feed) {
      return samplesIn;
    }
  }

  /** Takes the next chunk for a batched forward call; null if there is nothing to run. */
  synchronized ChunkInput takeChunk() {
    float[][] frames;
    boolean finalizeHere = false;
    boolean lastSegment = false;
    synchronized (queue) {
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
          finalizeHere = true; // nothing (more) to run before the finalize point
        } else if (inputFinished && !flushed) {
          lastSegment = true; // nothing left to run: close the last segment
        } else {
          return null;
        }
        frames = null;
      } else {
        frames = new float[n][];
        for (int i = 0; i < n; i++) frames[i] = pending.poll();
        framesTaken += n;
        takenBudget = budget;
      }
    }
    if (finalizeHere) completeFinalize();
    if (lastSegment) closeLastSegment();
    return frames == null ? null : new ChunkInput(cache, frames, new Budget.Fixed(takenBudget));
  }

  /** Consumes the model's output for the chunk taken by {@link #takeChunk}: the beam search runs here. */
  synchronized void onOutput(ChunkOutput out) {
    float[][] lp = out.logProbs(); // [n][V]
    decoder.setBudget(takenBudget);
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
    boolean finalizeHere;
    boolean last;
    synchronized (queue) {
      finalizeHere = !finalizeMarks.isEmpty() && finalizeMarks.peek() == framesTaken;
    }
    if (finalizeHere) completeFinalize();
    synchronized (queue) {
      last = inputFinished && pending.isEmpty() && !flushed;
    }
    if (last) closeLastSegment();
  }

  /** A finalize request reached its point: the segment becomes final even when empty. */
  private void completeFinalize() {
    finishSegment(true);
    finalized++;
    synchronized (queue) {
      finalizeMarks.poll();
    }
  }

  /** The input ended and every frame is decoded: the last segment becomes final and the stream is done. */
  private void closeLastSegment() {
    finishSegment();
    synchronized (queue) {
      flushed = true;
    }
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
