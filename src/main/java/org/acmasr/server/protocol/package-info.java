/**
 * The JSON wire messages of {@code /v1/listen} and the Vosk protocol: strict parsing of client
 * messages into validated values, and the server's messages, whose contract is
 * {@code proto/acmasr/listen.proto} (the tests parse every one against it). May use {@code engine},
 * {@code config} and {@code audio}.
 */
package org.acmasr.server.protocol;
