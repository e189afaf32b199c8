/**
 * CTC decoding on plain arrays: token sets, streaming greedy and prefix-beam-search decoders, word
 * timings and confidences, and rule-based endpointing.
 *
 * <p>Every input is a matrix of CTC log-probabilities {@code float[frames][vocab]} (already
 * log-softmaxed), with the blank at token index 0. Times are in seconds; the frame duration is a
 * parameter (the acoustic model emits one frame per 40 ms). This package depends on the JDK only.
 */
package org.acmasr.decode;
