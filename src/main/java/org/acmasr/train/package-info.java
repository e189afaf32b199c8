/**
 * Training: corpora into cached features, the static CTC teacher on SameDiff, ACMization by
 * distillation, weight averaging and budget calibration. May use {@code model}, {@code decode},
 * {@code features} and its own sub-packages ({@code train.eval} also uses {@code engine} and
 * {@code audio}); never {@code config}, {@code server}, {@code kafka} or Vert.x.
 */
package org.acmasr.train;
