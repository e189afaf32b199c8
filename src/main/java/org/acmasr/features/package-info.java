/**
 * The streaming log-mel front end: {@code FbankConfig} (validated settings), {@code OnlineFbank}
 * (frames bit-identical however the audio is chunked) and the mel filterbank. May use {@code audio}
 * and {@code check}.
 */
package org.acmasr.features;
