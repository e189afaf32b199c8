package org.acmasr.model;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.memory.pointers.PagedPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major single-precision gemm straight into OpenBLAS, the library ND4J's own gemm ends in, on
 * native float buffers given by address. {@code Nd4j.gemm} on cached views costs tens of µs per call
 * before any arithmetic (op dispatch, shape information, JavaCPP's memory accounting on every
 * allocation); this call costs about one µs, so splitting an ACM call into tiers by learner count costs
 * almost nothing and the learners' time follows the budget. Callers keep the buffers alive and give
 * addresses of contiguous row-major blocks.
 */
final class Blas {
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;

  private Blas() {}

  /** c [m, n] = a [m, k] · b [k, n], each contiguous and row-major at the given byte address. */
  static void gemm(long a, long b, long c, int m, int n, int k) {
    if (m == 0 || n == 0) return;
    openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, pointer(a), k, pointer(b), n, 0f,
        pointer(c), n);
  }

  /** Byte address of element 0 of a contiguous array (its buffer's address plus its offset). */
  static long address(INDArray x) {
    return x.data().address() + x.offset() * Float.BYTES;
  }

  private static FloatPointer pointer(long address) {
    return new FloatPointer(new PagedPointer(address));
  }
}
