/**
 * Scoring a model: WER, CER, measured compute and speed per budget and per source, with the reports
 * ({@code eval.md}, {@code eval.json}, plots and compute heat-maps). May use {@code train.data},
 * {@code engine} and {@code audio}.
 */
package org.acmasr.train.eval;
