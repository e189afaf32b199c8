package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;
import java.util.function.Supplier;
import org.acmasr.server.proto.Close;
import org.acmasr.server.proto.Configure;
import org.acmasr.server.proto.Error;
import org.acmasr.server.proto.Final;
import org.acmasr.server.proto.Finalize;
import org.acmasr.server.proto.KeepAlive;
import org.acmasr.server.proto.Partial;
import org.acmasr.server.proto.Ready;
import org.acmasr.server.proto.Start;
import org.acmasr.server.proto.Transcription;

/**
 * Holds messages to {@code proto/acmasr/listen.proto}: each JSON message is parsed by protobuf's
 * strict JSON parser (unknown fields fail) into the message its {@code type} names.
 */
final class Schema {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Supplier<Message.Builder>> SERVER = Map.of("ready", Ready::newBuilder, "partial",
      Partial::newBuilder, "final", Final::newBuilder, "error", Error::newBuilder);
  private static final Map<String, Supplier<Message.Builder>> CLIENT = Map.of("start", Start::newBuilder, "configure",
      Configure::newBuilder, "finalize", Finalize::newBuilder, "keepalive", KeepAlive::newBuilder, "close",
      Close::newBuilder);

  private Schema() {}

  /** A server text message; returns it parsed. */
  static JsonNode server(String json) {
    return check(json, SERVER);
  }

  /** A (valid) client message; returns it parsed. */
  static JsonNode client(String json) {
    return check(json, CLIENT);
  }

  /** The body of POST /v1/transcribe (200: a transcription; otherwise an error). */
  static JsonNode http(String json, boolean ok) {
    try {
      Message.Builder b = ok ? Transcription.newBuilder() : Error.newBuilder();
      JsonFormat.parser().merge(json, b);
      return JSON.readTree(json);
    } catch (Exception e) {
      return fail("HTTP body does not match listen.proto: " + e.getMessage() + "\n" + json);
    }
  }

  private static JsonNode check(String json, Map<String, Supplier<Message.Builder>> types) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (Exception e) {
      return fail("not JSON: " + json);
    }
    String type = n.path("type").asText();
    Supplier<Message.Builder> b = types.get(type);
    if (b == null) return fail("type \"" + type + "\" is not in listen.proto: " + json);
    try {
      JsonFormat.parser().merge(json, b.get());
    } catch (InvalidProtocolBufferException e) {
      return fail("message does not match listen.proto " + type + ": " + e.getMessage() + "\n" + json);
    }
    return n;
  }
}
