package org.acmasr.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named float32 arrays in one file (optimizer state of checkpoints): magic "ACMTNSR1", count, then per
 * array name, rank, shape, data, and a CRC-32 of everything before. Written atomically.
 */
public final class TensorArchive {
  private static final byte[] MAGIC = "ACMTNSR1".getBytes(StandardCharsets.US_ASCII);

  private TensorArchive() {}

  public static void write(Path file, Map<String, INDArray> arrays) throws IOException {
    long size = MAGIC.length + 4 + 4;
    for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
      size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 1 + 8L * e.getValue().rank()
          + 4L * e.getValue().length();
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(arrays.size());
    for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      INDArray a = e.getValue().castTo(DataType.FLOAT).dup('c');
      b.putShort((short) name.length).put(name).put((byte) a.rank());
      for (long s : a.shape()) b.putLong(s);
      for (float f : a.data().asFloat()) b.putFloat(f);
    }
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, b.array());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static Map<String, INDArray> read(Path file, DataType dt) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < MAGIC.length + 8) throw new IOException(file + ": truncated tensor archive");
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(bytes.length - 4) != (int) crc.getValue()) throw new IOException(file + ": corrupt (CRC-32 mismatch)");
    for (byte m : MAGIC) {
      if (b.get() != m) throw new IOException(file + ": not a tensor archive");
    }
    int count = b.getInt();
    Map<String, INDArray> out = new LinkedHashMap<>();
    try {
      for (int i = 0; i < count; i++) {
        byte[] name = new byte[b.getShort() & 0xFFFF];
        b.get(name);
        long[] shape = new long[b.get()];
        long n = 1;
        for (int r = 0; r < shape.length; r++) {
          shape[r] = b.getLong();
          n *= shape[r];
        }
        float[] data = new float[Math.toIntExact(n)];
        for (int j = 0; j < data.length; j++) data[j] = b.getFloat();
        out.put(new String(name, StandardCharsets.UTF_8), Nd4j.create(data, shape, 'c').castTo(dt));
      }
    } catch (RuntimeException e) {
      throw new IOException(file + ": malformed tensor archive (" + e + ")", e);
    }
    return out;
  }
}
