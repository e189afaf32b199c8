/**
 * Audio in: WAV, MP3, FLAC and raw PCM decoded from their bytes (never from a file name), down-mixed
 * to mono and resampled to 16 kHz, with the limits every decoder shares ({@code AudioLimits}); bad
 * input is an {@code AudioFormatException} naming the problem. Uses the JDK, JLayer and jflac only:
 * nothing else of acm-asr.
 */
package org.acmasr.audio;
