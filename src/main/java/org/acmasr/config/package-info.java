/**
 * The service configuration: {@code ConfigLoader} reads one JSON file once, overlays {@code ACM_*}
 * environment variables in every section, and validates the whole tree ({@code ServiceConfig}: the
 * {@code serve} sections and the {@code kafka} section) with errors that name key, value and source.
 * Immutable records only. May use {@code engine} (scheduler and endpointing settings) and
 * {@code features}; used by {@code server}, {@code kafka} and {@code cli}.
 */
package org.acmasr.config;
