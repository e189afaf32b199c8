/**
 * The live captioning service on Vert.x: WebSocket {@code /v1/listen} and the Vosk-compatible
 * endpoint, {@code POST /v1/transcribe}, health, readiness, Prometheus metrics and the web page.
 * May use {@code engine}, {@code config}, {@code audio} and {@code features}; never {@code kafka}
 * or {@code train}.
 */
package org.acmasr.server;
