package org.acmasr.model;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.memory.pointers.PagedPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-major single-precision gemm straight into OpenBLAS, the library ND4J's CPU backend itself calls,
 * on native float buffers given by address. {@code Nd4j.gemm} on cached views costs tens of µs per call
 * before any arithmetic (op dispatch, shape information, JavaCPP's memory accounting, which reads
 * {@code /proc/self/statm} on every native allocation); this call costs about one µs, so an ACM call split
 * into tiers by learner count costs little more than its multiply-adds and the learners' time follows
 * the budget.
 *
 * <p>Backend-neutral like the rest of the model code: OpenBLAS's JavaCPP binding
 * ({@code org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm}) is looked up at class
 * initialisation, and only on ND4J's CPU backend; the {@code -Pcuda} build has no OpenBLAS on its class
 * path and compiles and runs this class all the same, with {@link #AVAILABLE} false, so callers take their
 * ND4J path. Callers keep the buffers alive and give addresses of contiguous row-major blocks.
 */
final class Blas {
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final MethodHandle SGEMM = sgemm(); // null where unavailable

  /** True on the CPU backend with OpenBLAS's JavaCPP bindings present. */
  static final boolean AVAILABLE = SGEMM != null;

  private Blas() {}

  private static MethodHandle sgemm() {
    try {
      if (!Nd4j.getEnvironment().isCPU()) return null;
      Class<?> blas = Class.forName("org.bytedeco.openblas.global.openblas_nolapack", true, Blas.class.getClassLoader());
      return MethodHandles.publicLookup().findStatic(blas, "cblas_sgemm", MethodType.methodType(void.class, int.class,
          int.class, int.class, int.class, int.class, int.class, float.class, FloatPointer.class, int.class,
          FloatPointer.class, int.class, float.class, FloatPointer.class, int.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** c [m, n] = a [m, k] · b [k, n], each contiguous and row-major at the given byte address. */
  static void gemm(long a, long b, long c, int m, int n, int k) {
    if (m == 0 || n == 0) return;
    try {
      SGEMM.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, pointer(a), k, pointer(b), n, 0f, pointer(c), n);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) { // cblas_sgemm declares no checked exception
      throw new IllegalStateException("cblas_sgemm failed", t);
    }
  }

  /** Byte address of element 0 of a contiguous array (its buffer's address plus its offset). */
  static long address(INDArray x) {
    return x.data().address() + x.offset() * Float.BYTES;
  }

  private static FloatPointer pointer(long address) {
    return new FloatPointer(new PagedPointer(address));
  }
}
