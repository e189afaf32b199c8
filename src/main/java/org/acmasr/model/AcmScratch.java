package org.acmasr.model;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One thread's native scratch buffers for ACM calls, reused call after call, and the matrix views into
 * them, cached: creating an ND4J array or view builds its shape information natively, ~15 µs each,
 * which on a chunk of one stream cost more than the arithmetic. Modules run one after another on a
 * thread and copy their result out before returning, so one set per thread serves them all.
 * Buffers live outside any workspace and grow as needed.
 */
final class AcmScratch {
  private static final ThreadLocal<AcmScratch> PER_THREAD = ThreadLocal.withInitial(AcmScratch::new);
  private static final int MAX_VIEWS = 4096;

  /** Slot of a buffer: the input rows, the hidden units, the output rows. */
  static final int X = 0;
  static final int H = 1;
  static final int Y = 2;

  private final INDArray[] buf = new INDArray[3]; // each flat [capacity]
  private final FloatBuffer[] nio = new FloatBuffer[3];
  private final Map<ViewKey, INDArray> views = new HashMap<>();

  private record ViewKey(int slot, long offset, int rows, int cols) {}

  static AcmScratch get() {
    return PER_THREAD.get();
  }

  private AcmScratch() {}

  /** Makes buffer {@code slot} hold at least {@code length} floats. */
  void reserve(int slot, long length) {
    if (buf[slot] != null && buf[slot].length() >= length) return;
    long cap = Math.max(length, buf[slot] == null ? 0 : buf[slot].length() * 2);
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      buf[slot] = Nd4j.createUninitialized(DataType.FLOAT, new long[] {cap}, 'c');
    }
    nio[slot] = buf[slot].data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    views.keySet().removeIf(key -> key.slot == slot);
  }

  /** {@code rows·cols} floats of buffer {@code slot} from {@code offset}, seen as c-order [rows, cols]. */
  INDArray view(int slot, long offset, int rows, int cols) {
    ViewKey key = new ViewKey(slot, offset, rows, cols);
    INDArray v = views.get(key);
    if (v == null) {
      if (views.size() >= MAX_VIEWS) views.clear();
      v = Nd4j.create(buf[slot].data(), new long[] {rows, cols}, new long[] {cols, 1}, offset, 'c');
      views.put(key, v);
    }
    return v;
  }

  /** Native byte address of buffer {@code slot}'s first float (valid until the next {@link #reserve}). */
  long address(int slot) {
    return buf[slot].data().address();
  }

  /** Copies {@code length} floats of {@code v} into buffer {@code slot} at {@code offset}. */
  void put(int slot, long offset, float[] v, int length) {
    FloatBuffer b = nio[slot];
    b.position((int) offset);
    b.put(v, 0, length);
  }

  /** Copies {@code length} floats of buffer {@code slot} from {@code offset} into {@code v}. */
  void get(int slot, long offset, float[] v, int length) {
    FloatBuffer b = nio[slot];
    b.position((int) offset);
    b.get(v, 0, length);
  }
}
