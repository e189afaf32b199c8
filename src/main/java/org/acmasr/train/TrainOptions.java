package org.acmasr.train;

/**
 * Settings of a training run. Validated; errors name the key and value.
 *
 * @param epochs          epochs to train (a resumed run continues up to this count)
 * @param batchFrames     maximum padded encoder frames per batch (batch size × longest utterance)
 * @param maxBatch        maximum utterances per batch
 * @param lr              learning-rate schedule
 * @param clipNorm        global gradient-norm clip
 * @param seed            seed of batch order (epoch e uses seed + e) and augmentation
 * @param checkpointEvery optimizer steps between mid-epoch checkpoints
 * @param specAugment     time and frequency masking of training features
 * @param maxSteps        stop (after a checkpoint) once the optimizer has taken this many steps in
 *                        total; 0 = no limit. For time-boxed runs that resume later.
 * @param noise           probability that an utterance gets additive noise ({@link MelNoise}) in a batch
 * @param dropout         probability that a unit of each attention and FFN output is dropped before
 *                        its residual addition (inverted dropout, training only); 0 = none
 * @param speedMode       how speed-perturbed variants of an utterance are used
 * @param interCtc        intermediate CTC loss of the static teacher's graph ({@link InterCtc#NONE}: none)
 */
public record TrainOptions(int epochs, long batchFrames, int maxBatch, LearningRate lr, double clipNorm, long seed,
    int checkpointEvery, boolean specAugment, long maxSteps, double noise, double dropout, SpeedMode speedMode,
    InterCtc interCtc) {

  /** Options without intermediate CTC. */
  public TrainOptions(int epochs, long batchFrames, int maxBatch, LearningRate lr, double clipNorm, long seed,
      int checkpointEvery, boolean specAugment, long maxSteps, double noise, double dropout, SpeedMode speedMode) {
    this(epochs, batchFrames, maxBatch, lr, clipNorm, seed, checkpointEvery, specAugment, maxSteps, noise, dropout,
        speedMode, InterCtc.NONE);
  }

  /** Options with {@link SpeedMode#RANDOM}. */
  public TrainOptions(int epochs, long batchFrames, int maxBatch, LearningRate lr, double clipNorm, long seed,
      int checkpointEvery, boolean specAugment, long maxSteps, double noise, double dropout) {
    this(epochs, batchFrames, maxBatch, lr, clipNorm, seed, checkpointEvery, specAugment, maxSteps, noise, dropout,
        SpeedMode.RANDOM);
  }

  public TrainOptions {
    if (epochs < 1) throw new IllegalArgumentException("train.epochs = " + epochs + ": must be >= 1");
    if (batchFrames < 1) throw new IllegalArgumentException("train.batch_frames = " + batchFrames + ": must be >= 1");
    if (maxBatch < 1) throw new IllegalArgumentException("train.max_batch = " + maxBatch + ": must be >= 1");
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("train.checkpoint_every = " + checkpointEvery + ": must be >= 1");
    }
    if (maxSteps < 0) throw new IllegalArgumentException("train.max_steps = " + maxSteps + ": must be >= 0");
    if (!(noise >= 0 && noise <= 1)) throw new IllegalArgumentException("train.noise = " + noise + ": must be in [0, 1]");
    checkDropout(dropout);
    if (speedMode == null) throw new IllegalArgumentException("train.speed_mode: must be set (copies or random)");
    if (interCtc == null) throw new IllegalArgumentException("train.inter_ctc: must be set (InterCtc.NONE for none)");
  }

  public static TrainOptions defaults() {
    return new TrainOptions(30, 3000, 32, new LearningRate(1e-3, 400, 2e-5), 5.0, 17, 200, true, 0, 0.3, 0);
  }

  public TrainOptions withEpochs(int e) {
    return new TrainOptions(e, batchFrames, maxBatch, lr, clipNorm, seed, checkpointEvery, specAugment, maxSteps, noise, dropout,
        speedMode, interCtc);
  }

  public TrainOptions withMaxSteps(long steps) {
    return new TrainOptions(epochs, batchFrames, maxBatch, lr, clipNorm, seed, checkpointEvery, specAugment, steps, noise, dropout,
        speedMode, interCtc);
  }

  public TrainOptions withSpeedMode(SpeedMode m) {
    return new TrainOptions(epochs, batchFrames, maxBatch, lr, clipNorm, seed, checkpointEvery, specAugment, maxSteps, noise,
        dropout, m, interCtc);
  }

  /** The largest dropout rate accepted. */
  public static final double MAX_DROPOUT = 0.5;

  /** True when 0 ≤ p ≤ {@link #MAX_DROPOUT} (false for NaN). */
  public static boolean validDropout(double p) {
    return p >= 0 && p <= MAX_DROPOUT;
  }

  /** @throws IllegalArgumentException naming {@code train.dropout} unless {@link #validDropout} */
  public static void checkDropout(double p) {
    if (!validDropout(p)) {
      throw new IllegalArgumentException("train.dropout = " + p + ": must be in [0, " + MAX_DROPOUT + "]");
    }
  }
}
