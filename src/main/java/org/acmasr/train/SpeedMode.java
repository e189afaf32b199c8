package org.acmasr.train;

/** How a trainer uses an utterance's speed-perturbed variants ({@link Utterance#variants()}). */
public enum SpeedMode {
  /** Every variant is a training example of its own: an epoch is (1 + extra speeds) passes over the audio. */
  COPIES,
  /** Each epoch, each utterance takes one variant drawn at random (seeded by run seed, epoch and utterance): an epoch is one pass. */
  RANDOM;

  /** {@code copies} or {@code random}, as on the command line. */
  public static SpeedMode parse(String s) {
    return switch (s) {
      case "copies" -> COPIES;
      case "random" -> RANDOM;
      default -> throw new IllegalArgumentException("--speed-mode " + s + ": expected copies or random");
    };
  }
}
