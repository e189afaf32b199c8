/**
 * Synthetic speech corpora ({@code corpus synth}): espeak-ng and flite voices run as separate
 * programs, written in the Common Voice layout. May use {@code audio}.
 */
package org.acmasr.train.synth;
