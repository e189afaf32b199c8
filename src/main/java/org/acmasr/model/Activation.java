package org.acmasr.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Hidden activation of an ACM's learners: GELU for FFN learners, none for low-rank projection learners. */
enum Activation {
  GELU,
  IDENTITY;

  INDArray applyInPlace(INDArray h) {
    return this == GELU ? Nn.geluInPlace(h) : h;
  }
}
