package org.acmasr.model;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A per-thread ND4J workspace for the intermediate arrays of one forward call. Without it every call
 * allocates fresh native buffers that are only freed when Java's GC happens to run, and the process
 * spends its time in page faults; with it the same memory is reused call after call. Everything a
 * call returns is copied to Java arrays before the workspace closes.
 */
final class Workspaces {
  private static final String ID = "acm-forward";
  private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
      .initialSize(0)
      .overallocationLimit(0.5)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyLearning(LearningPolicy.OVER_TIME)
      .cyclesBeforeInitialization(2)
      .policySpill(SpillPolicy.REALLOCATE)
      .build();

  private Workspaces() {}

  static MemoryWorkspace forward() {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, ID);
  }
}
