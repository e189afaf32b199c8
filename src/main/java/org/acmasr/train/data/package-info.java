/**
 * Training data: Common Voice corpus reading ({@link org.acmasr.train.data.CommonVoiceTsv}), transcript
 * normalisation to the model's token set ({@link org.acmasr.train.data.TextNormalizer}), word and
 * character error rates ({@link org.acmasr.train.data.ErrorRate}), an on-disk log-mel feature cache
 * ({@link org.acmasr.train.data.FeatureCache}) and length-bucketed batching
 * ({@link org.acmasr.train.data.LengthBuckets}).
 */
package org.acmasr.train.data;
