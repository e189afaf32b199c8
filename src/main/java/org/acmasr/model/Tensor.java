package org.acmasr.model;

import java.util.Arrays;

/**
 * A named weight as stored: row-major float32 data with its shape.
 *
 * @param shape dimensions, outermost first
 * @param data  row-major values, length = product of shape
 */
public record Tensor(long[] shape, float[] data) {

  public Tensor {
    long n = 1;
    for (long s : shape) n *= s;
    if (n != data.length) {
      throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " holds " + n
          + " values, data has " + data.length);
    }
  }

  public static Tensor zeros(long... shape) {
    long n = 1;
    for (long s : shape) n *= s;
    return new Tensor(shape, new float[(int) n]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
