package org.acmasr.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend the model runs on and on what device: {@code nd4j-native} (the default build) or
 * {@code nd4j-cuda-11.6} (the {@code -Pcuda} build). The model code itself uses only backend-neutral
 * ND4J API, so the same classes run on either.
 */
public final class ComputeBackend {
  private ComputeBackend() {}

  /**
   * One line for the start-up log, e.g. {@code ND4J backend CPU (CpuBackend), device: cpu, 2 core(s), BLAS
   * OPENBLAS} or {@code ND4J backend CUDA (JCublasBackend), device 0: NVIDIA A100 (sm_80, 40536 MiB)}.
   * Initialises ND4J if it was not yet.
   */
  public static String describe() {
    String impl = Nd4j.getBackend().getClass().getSimpleName();
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    String backend = String.valueOf(env.getOrDefault("backend", impl.replace("Backend", "").toUpperCase()));
    StringBuilder b = new StringBuilder("ND4J backend ").append(backend).append(" (").append(impl).append(")");
    Object devices = env.get("cuda.devicesInformation");
    if (devices instanceof List<?> list && !list.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> d)) continue;
        Object total = d.get("cuda.totalMemory");
        names.add("device " + i + ": " + d.get("cuda.deviceName") + " (sm_" + d.get("cuda.deviceMajor")
            + d.get("cuda.deviceMinor") + (total instanceof Number n ? ", " + (n.longValue() >> 20) + " MiB" : "") + ")");
      }
      b.append(", ").append(String.join(", ", names));
    } else {
      b.append(", device: cpu, ").append(env.getOrDefault("cores", Runtime.getRuntime().availableProcessors()))
          .append(" core(s)");
      Object blas = env.get("blas.vendor");
      if (blas != null) b.append(", BLAS ").append(blas);
      Object omp = env.get("omp.threads");
      if (omp != null) b.append(", ").append(omp).append(" OpenMP thread(s)");
    }
    return b.toString();
  }
}
