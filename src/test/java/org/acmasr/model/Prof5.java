package org.acmasr.model;
import java.util.*;
public class Prof5 {
  public static void main(String[] a) throws Exception {
    ModelConfig cfg = ModelFactory.defaultConfig();
    AcmModel m = AcmModel.of(ModelFactory.budgetFollowingGates(ModelFactory.random(cfg, 1)));
    float beta = Float.parseFloat(a[0]);
    List<ChunkInput> in = new ArrayList<>();
    float[][] fr = new float[16][cfg.inputDim()];
    Random r = new Random(1); for (float[] f : fr) for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
    for (int s = 0; s < 32; s++) in.add(new ChunkInput(m.newCache(), fr, beta));
    for (int i = 0; i < 20; i++) m.forwardChunks(in);
    long t0 = System.nanoTime(); int n = 150;
    for (int i = 0; i < n; i++) m.forwardChunks(in);
    System.out.printf("beta %.2f: %.2f ms/call%n", beta, (System.nanoTime() - t0) / 1e6 / n);
  }
}
