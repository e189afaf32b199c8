/**
 * The acoustic model: the streaming ACM transformer on ND4J ({@code AcmModel}), its configuration,
 * per-stream caches, gates and compute accounting, and the {@code .acm} model file. May use
 * {@code features}, {@code check} and ND4J (backend-neutral: no backend class is named).
 */
package org.acmasr.model;
