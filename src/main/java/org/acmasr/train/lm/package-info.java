/**
 * Language-model estimation: character (interpolated) and word (modified) Kneser-Ney n-gram models
 * from corpus text, for {@code train lm}. May use {@code decode} (the LM formats it fills).
 */
package org.acmasr.train.lm;
