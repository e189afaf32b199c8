package org.acmasr.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes float matrices as NumPy .npy (v1.0, little-endian float32) or CSV. */
final class MatrixFiles {
  private MatrixFiles() {}

  /** @param rows [n][cols] */
  static void writeNpy(Path file, float[][] rows, int cols) throws IOException {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + cols + "), }";
    int unpadded = 10 + dict.length() + 1; // magic(6) + version(2) + len(2) + dict + '\n'
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
    head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    head.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer body = ByteBuffer.allocate(rows.length * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      for (int c = 0; c < cols; c++) body.putFloat(r[c]);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(head.array());
      out.write(body.array());
    }
  }

  static void writeCsv(Path file, float[][] rows) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (float[] r : rows) {
        for (int c = 0; c < r.length; c++) {
          if (c > 0) w.write(',');
          w.write(Float.toString(r[c]));
        }
        w.newLine();
      }
    }
  }
}
