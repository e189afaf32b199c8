package org.acmasr.model;

import java.io.IOException;
import java.io.StringReader;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The self-describing, versioned model file ({@code .acm}). Little-endian throughout:
 * <pre>
 *   "ACMASR\r\n"                 8-byte magic
 *   u32 version                   {@link #VERSION}
 *   u32 n, n bytes UTF-8          header in java.util.Properties syntax: the architecture
 *                                 ({@link ModelConfig#toProperties}), tokens.count / tokens.i,
 *                                 and meta.* free-form metadata
 *   u32 tensors, then per tensor: u16 name length, UTF-8 name, u8 dtype (1 = float32),
 *                                 u8 rank, i64 × rank shape, float32 × product(shape) data
 *   u32 CRC-32 of every byte before it
 * </pre>
 * Loading checks magic, version, bounds (a truncated file names what was being read), the CRC
 * (corruption), and every tensor's shape against the configuration.
 */
public final class ModelFile {
  public static final byte[] MAGIC = {'A', 'C', 'M', 'A', 'S', 'R', '\r', '\n'};
  public static final int VERSION = 1;
  private static final int DTYPE_F32 = 1;
  private static final long MAX_BYTES = 1L << 31;

  private ModelFile() {}

  public static void write(Path file, ModelData model) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, toBytes(model));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static ModelData read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new ModelFormatException(file + ": " + size + " bytes is larger than any model this code can load");
    }
    try {
      return fromBytes(Files.readAllBytes(file));
    } catch (ModelFormatException e) {
      throw new ModelFormatException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  public static byte[] toBytes(ModelData model) {
    StringBuilder header = new StringBuilder();
    Map<String, String> props = new LinkedHashMap<>(model.config().toProperties());
    List<String> tokens = model.config().tokens();
    props.put("tokens.count", Integer.toString(tokens.size()));
    for (int i = 0; i < tokens.size(); i++) props.put("tokens." + i, tokens.get(i));
    new TreeMap<>(model.metadata()).forEach((k, v) -> props.put("meta." + k, v));
    props.forEach((k, v) -> header.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
    byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);

    long size = 8 + 4 + 4 + head.length + 4 + 4;
    for (Map.Entry<String, Tensor> e : model.tensors().entrySet()) {
      size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 2 + 8L * e.getValue().shape().length
          + 4L * e.getValue().data().length;
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(head.length).put(head).putInt(model.tensors().size());
    for (Map.Entry<String, Tensor> e : model.tensors().entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      b.putShort((short) name.length).put(name).put((byte) DTYPE_F32).put((byte) e.getValue().shape().length);
      for (long s : e.getValue().shape()) b.putLong(s);
      b.asFloatBuffer().put(e.getValue().data());
      b.position(b.position() + 4 * e.getValue().data().length);
    }
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  public static ModelData fromBytes(byte[] bytes) throws ModelFormatException {
    Reader r = new Reader(bytes);
    byte[] magic = r.bytes(8, "magic");
    for (int i = 0; i < 8; i++) {
      if (magic[i] != MAGIC[i]) {
        throw new ModelFormatException("not an acm-asr model file (bad magic)");
      }
    }
    int version = r.u32("format version");
    if (version != VERSION) {
      throw new ModelFormatException("format version " + version + " is not supported (this build reads "
          + VERSION + ")");
    }
    String header = new String(r.bytes(r.length("header length"), "header"), StandardCharsets.UTF_8);
    Properties p = new Properties();
    try {
      p.load(new StringReader(header));
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelFormatException("unreadable header: " + e.getMessage(), e);
    }
    Map<String, String> cfg = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("meta.")) meta.put(k.substring(5), p.getProperty(k));
      else if (!k.startsWith("tokens.")) cfg.put(k, p.getProperty(k));
    }
    List<String> tokens = new ArrayList<>();
    try {
      int n = Integer.parseInt(p.getProperty("tokens.count", "-1"));
      if (n < 0) throw new ModelFormatException("header lacks tokens.count");
      for (int i = 0; i < n; i++) {
        String t = p.getProperty("tokens." + i);
        if (t == null) throw new ModelFormatException("header lacks tokens." + i);
        tokens.add(t);
      }
    } catch (NumberFormatException e) {
      throw new ModelFormatException("header: tokens.count is not a number");
    }
    ModelConfig config;
    try {
      config = ModelConfig.fromProperties(cfg, tokens);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("header: " + e.getMessage(), e);
    }
    int count = r.length("tensor count");
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (int t = 0; t < count; t++) {
      int nameLen = r.u16("tensor " + t + " name length");
      String name = new String(r.bytes(nameLen, "tensor " + t + " name"), StandardCharsets.UTF_8);
      int dtype = r.u8("tensor " + name + " dtype");
      if (dtype != DTYPE_F32) {
        throw new ModelFormatException("tensor " + name + ": dtype " + dtype + " is not supported (1 = float32)");
      }
      int rank = r.u8("tensor " + name + " rank");
      long[] shape = new long[rank];
      long n = 1;
      for (int i = 0; i < rank; i++) {
        shape[i] = r.i64("tensor " + name + " shape");
        if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
          throw new ModelFormatException("tensor " + name + ": dimension " + shape[i] + " is invalid");
        }
        n *= shape[i];
        if (n > bytes.length / 4) {
          throw new ModelFormatException("tensor " + name + ": shape needs more data than the file holds (truncated?)");
        }
      }
      float[] data = r.floats((int) n, "tensor " + name + " data");
      if (tensors.put(name, new Tensor(shape, data)) != null) {
        throw new ModelFormatException("tensor " + name + " appears twice");
      }
    }
    int end = r.position();
    int stored = r.u32("CRC-32");
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, end);
    if (stored != (int) crc.getValue()) {
      throw new ModelFormatException(String.format("corrupt file: CRC-32 is %08x, stored %08x", (int) crc.getValue(),
          stored));
    }
    if (r.position() != bytes.length) {
      throw new ModelFormatException((bytes.length - r.position()) + " unexpected bytes after the end of the model");
    }
    return new ModelData(config, meta, tensors).validate();
  }

  private static String escape(String s, boolean key) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' && (key || i == 0)) out.append("\\ ");
      else if (c == '\\' || c == '=' || c == ':' || c == '#' || c == '!') out.append('\\').append(c);
      else if (c == '\n') out.append("\\n");
      else if (c == '\r') out.append("\\r");
      else if (c == '\t') out.append("\\t");
      else if (c < 0x20 || c > 0x7E) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.toString();
  }

  /** Bounds-checked little-endian reads that name what was being read when the bytes ran out. */
  private static final class Reader {
    private final ByteBuffer b;

    Reader(byte[] bytes) {
      b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    int position() {
      return b.position();
    }

    private void need(long n, String what) throws ModelFormatException {
      if (n > b.remaining()) {
        throw new ModelFormatException("truncated at byte " + b.position() + " while reading " + what + " (need "
            + n + " bytes, " + b.remaining() + " left)");
      }
    }

    byte[] bytes(int n, String what) throws ModelFormatException {
      need(n, what);
      byte[] out = new byte[n];
      b.get(out);
      return out;
    }

    int u8(String what) throws ModelFormatException {
      need(1, what);
      return b.get() & 0xFF;
    }

    int u16(String what) throws ModelFormatException {
      need(2, what);
      return b.getShort() & 0xFFFF;
    }

    int u32(String what) throws ModelFormatException {
      need(4, what);
      return b.getInt();
    }

    int length(String what) throws ModelFormatException {
      int v = u32(what);
      if (v < 0 || v > b.remaining()) {
        throw new ModelFormatException("truncated or corrupt: " + what + " " + Integer.toUnsignedString(v)
            + " exceeds the " + b.remaining() + " bytes left");
      }
      return v;
    }

    long i64(String what) throws ModelFormatException {
      need(8, what);
      return b.getLong();
    }

    float[] floats(int n, String what) throws ModelFormatException {
      need(4L * n, what);
      float[] out = new float[n];
      try {
        b.asFloatBuffer().get(out);
      } catch (BufferUnderflowException e) {
        throw new ModelFormatException("truncated while reading " + what, e);
      }
      b.position(b.position() + 4 * n);
      return out;
    }
  }
}
