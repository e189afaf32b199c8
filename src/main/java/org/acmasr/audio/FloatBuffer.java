package org.acmasr.audio;

import java.util.Arrays;

/** A growable float array for decoders that do not know their output length in advance. */
final class FloatBuffer {
  private float[] data;
  private int size;

  FloatBuffer(int initialCapacity) {
    data = new float[Math.max(16, initialCapacity)];
  }

  void ensure(int extra) {
    if (size + extra > data.length) {
      data = Arrays.copyOf(data, Math.max(size + extra, data.length * 2));
    }
  }

  void add(float v) {
    ensure(1);
    data[size++] = v;
  }

  int size() {
    return size;
  }

  float[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
