package org.acmasr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * CPU samples of a JFR recording (the JDK's, or async-profiler's in JFR format, which samples native threads
 * and native code by CPU time, without the JDK sampler's limit of one native sample per period) grouped by
 * the pipeline component they were spent in: the innermost
 * project class on the stack names it (audio decoding per decoder, front end, encoder, beam search, LM
 * lookups, Kafka worker, server), else the library (Vert.x/Netty, Kafka client, JSON). Samples of threads
 * that wait (parked, polling a socket, sleeping) are left out. Native-method samples, taken less often
 * than Java ones, are weighted by the ratio of the two periods the recording used.
 */
final class JfrProfile {
  static final String JAVA = "jdk.ExecutionSample";
  static final String NATIVE = "jdk.NativeMethodSample";

  /** Innermost frames (lower case) of a thread that waits rather than works. */
  private static final List<String> IDLE = List.of("epoll", "kqueue", "unsafe.park", "object.wait", "thread.sleep",
      "socketread", "dispatcher.read", "fileinputstream.read", "net.poll", ".poll0", "accept", "selectorimpl",
      "waitforprocessexit");

  /** Weighted samples by component and by thread (thread → component → samples). */
  record Result(Map<String, Double> components, Map<String, Map<String, Double>> threads, double nativeWeight,
      long events) {
    double total() {
      return components.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  private JfrProfile() {}

  static Result read(Path file) throws IOException {
    Map<Long, String> typeNames = new LinkedHashMap<>();
    Map<String, Double> periodMs = new LinkedHashMap<>();
    Map<String, Double> components = new LinkedHashMap<>();
    Map<String, Map<String, Double>> threads = new LinkedHashMap<>();
    List<RecordedEvent> samples = new java.util.ArrayList<>();
    try (RecordingFile f = new RecordingFile(file)) {
      for (EventType t : f.readEventTypes()) typeNames.put(t.getId(), t.getName());
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        String type = e.getEventType().getName();
        if (type.equals("jdk.ActiveSetting") && "period".equals(e.getString("name"))) {
          String of = typeNames.get(e.getLong("id"));
          Double ms = millis(e.getString("value"));
          if (of != null && ms != null) periodMs.put(of, ms);
        } else if (type.equals(JAVA) || type.equals(NATIVE)) {
          samples.add(e);
        }
      }
    }
    double nativeWeight = periodMs.containsKey(JAVA) && periodMs.containsKey(NATIVE)
        ? periodMs.get(NATIVE) / periodMs.get(JAVA) : 2.0; // the 'profile' settings: 10 ms and 20 ms
    for (RecordedEvent e : samples) {
      String c = component(e.getStackTrace());
      if (c == null) continue;
      double w = e.getEventType().getName().equals(NATIVE) ? nativeWeight : 1.0;
      components.merge(c, w, Double::sum);
      RecordedThread t = e.getThread("sampledThread");
      String name = t == null ? "?" : t.getJavaName() != null ? t.getJavaName() : t.getOSName() != null ? t.getOSName() : "?";
      name = name.replaceAll("[-#]?[0-9]+$", "");
      threads.computeIfAbsent(name, k -> new LinkedHashMap<>()).merge(c, w, Double::sum);
    }
    return new Result(components, threads, nativeWeight, samples.size());
  }

  /** "10 ms", "20 ms", "1 s" → milliseconds; null for other values (e.g. "beginChunk"). */
  static Double millis(String v) {
    if (v == null) return null;
    String[] p = v.trim().split("\\s+");
    if (p.length != 2) return null;
    try {
      double x = Double.parseDouble(p[0]);
      return switch (p[1]) {
        case "ns" -> x / 1e6;
        case "us" -> x / 1e3;
        case "ms" -> x;
        case "s" -> x * 1e3;
        default -> null;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The component a stack (innermost frame first) belongs to, or null for a waiting thread. */
  static String component(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) return "other (no stack)";
    List<RecordedFrame> frames = stack.getFrames();
    String top = name(frames.get(0)).toLowerCase(java.util.Locale.ROOT);
    for (String idle : IDLE) {
      if (top.contains(idle)) return null;
    }
    for (RecordedFrame f : frames) {
      String n = name(f);
      if (n.contains("Inflater") || (n.startsWith("org.acmasr.") && n.endsWith(".<init>") && loads(n))) {
        return "startup (model and LM load)";
      }
    }
    // Serialisation and socket work called from project code is named by the library, not the caller.
    for (RecordedFrame f : frames) {
      String n = name(f);
      if (n.startsWith("org.acmasr.")) break;
      if (n.startsWith("com.fasterxml.jackson.") || n.startsWith("com.google.protobuf.")) return "JSON/protobuf";
      if (n.startsWith("io.netty.") || n.startsWith("io.vertx.")) return "network (Vert.x/Netty)";
    }
    for (RecordedFrame f : frames) {
      String n = name(f);
      if (!n.startsWith("org.acmasr.")) continue;
      String[] parts = n.split("\\.");
      String pkg = parts[2];
      String cls = parts[parts.length - 2];
      switch (pkg) {
        case "audio":
          return "audio: " + cls;
        case "features":
          return "front end";
        case "model":
          if ((cls.equals("Nn") && !n.endsWith(".layerNorm")) || cls.equals("Blas") || cls.equals("AcmScratch")) {
            continue; // a helper: its caller names the part
          }
          if (cls.startsWith("Model") || cls.startsWith("TensorLayout")) return "startup (model and LM load)";
          return "encoder: " + encoderPart(cls, n);
        case "decode":
          return n.contains("NgramLm") || n.contains("LongFloatTable") || n.contains("WordNgrams")
              || n.contains("WordFusion") ? "search: LM lookups" : "search";
        case "engine":
          continue; // scheduling frames: what runs inside them names the work
        case "kafka":
          return "kafka worker";
        case "server":
          return "server";
        case "cli":
          return "command (client side)";
        default:
          return pkg;
      }
    }
    for (RecordedFrame f : frames) {
      String n = name(f);
      if (n.startsWith("org.acmasr.engine.")) return "engine (scheduling)";
      // Native threads, in recordings of a native profiler (async-profiler writes JFR too):
      if (n.contains("CompileBroker") || n.contains("C2Compiler") || n.contains("Compiler::compile")) return "JIT compiler";
      if (n.contains("G1") || n.contains("GCTask") || n.contains("WorkerThread::run")) return "garbage collector";
      if (n.startsWith("io.netty.") || n.startsWith("io.vertx.")) return "network (Vert.x/Netty)";
      if (n.startsWith("org.apache.kafka.")) return "Kafka client";
      if (n.startsWith("com.fasterxml.jackson.") || n.startsWith("com.google.protobuf.")) return "JSON/protobuf";
      if (n.startsWith("jdk.jfr.")) return "JFR itself";
    }
    return "other JVM";
  }

  /** The part of the encoder a model class (innermost first, helpers skipped) stands for. */
  static String encoderPart(String cls, String frame) {
    if (frame.endsWith("Nn.layerNorm")) return "layer norms";
    return switch (cls) {
      case "Gate" -> "gates";
      case "AcmModule", "TieredLearners", "LearnerTiers", "RowsByK", "Activation", "DenseProjection" ->
          "learners (FFN and projection ACMs)";
      case "Attention", "ChunkedAttention", "MaskedAttention", "Alibi", "EncoderCache" -> "attention";
      case "ConvModule" -> "convolution";
      case "EncoderLayer" -> "residual adds";
      case "FrameStacker" -> "frame stacking";
      default -> "other (" + cls + ")"; // AcmModel: input projection, output head, log-softmax
    };
  }

  private static boolean loads(String n) {
    return n.contains("NgramLm") || n.contains("LongFloatTable") || n.contains("Lexicon") || n.contains("ModelFile")
        || n.contains("ModelData") || n.contains("AcmModel") || n.contains("WordFusion");
  }

  private static String name(RecordedFrame f) {
    var m = f.getMethod();
    return m == null ? "?" : m.getType().getName() + "." + m.getName();
  }
}
