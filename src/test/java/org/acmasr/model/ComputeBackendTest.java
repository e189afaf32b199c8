package org.acmasr.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The start-up line names the backend the tests run on (the CPU build) and its device. */
class ComputeBackendTest {
  @Test
  void namesTheCpuBackendAndDevice() {
    String d = ComputeBackend.describe();
    assertTrue(d.startsWith("ND4J backend CPU (CpuBackend), device: cpu, "), d);
    assertTrue(d.matches(".*, \\d+ core\\(s\\).*"), d);
    assertTrue(d.contains("BLAS "), d);
  }
}
