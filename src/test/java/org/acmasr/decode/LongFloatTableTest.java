package org.acmasr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LongFloatTableTest {

  @Test
  void findsEveryKeyAndMissesOthers() {
    long[] keys = new long[1000];
    float[] values = new float[keys.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 2 + 7919L * i;
      values[i] = i / 2f;
    }
    LongFloatTable t = new LongFloatTable(keys, values);
    assertEquals(keys.length, t.size());
    for (int i = 0; i < keys.length; i++) assertEquals(i / 2f, t.get(keys[i], -1f));
    assertEquals(-1f, t.get(3, -1f));
  }

  @Test
  void aBadKeyIsNamedByIndex() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> new LongFloatTable(new long[] {5, 0}, new float[2]));
    assertTrue(zero.getMessage().startsWith("lm.key[1] = 0: is not a packed sequence"), zero.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> new LongFloatTable(new long[] {5, 9, 5}, new float[3]));
    assertTrue(twice.getMessage().startsWith("lm.key[2] = 5: occurs twice"), twice.getMessage());
  }
}
