package org.acmasr.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a requested budget β to the value fed to the gates, so that the compute a model measures is
 * the compute that was asked for. Gates learn to track β only approximately (a student may spend
 * 0.54 at β = 0.5, or 0.32 at β = 0.25); a calibration measured on held-out audio
 * ({@code train calibrate}) corrects that. Piecewise linear through points (compute, gate input),
 * both increasing; a β below the smallest measured compute gets the smallest gate input, above the
 * largest gets the largest. Stored in the model's metadata under {@link #META_KEY} as
 * {@code "c1:g1,c2:g2,…"}; a model without it feeds β unchanged. Immutable.
 */
public final class BudgetCalibration {
  public static final String META_KEY = "acm.budget_map";
  /** A measured point is kept only if it spends at least this much more than the one kept before it. */
  static final double MIN_STEP = 1e-3;
  private static final BudgetCalibration IDENTITY = new BudgetCalibration(new float[0], new float[0]);

  private final float[] compute; // increasing
  private final float[] gate; // increasing, in (0, 1]

  private BudgetCalibration(float[] compute, float[] gate) {
    this.compute = compute;
    this.gate = gate;
  }

  /** β goes to the gates unchanged. */
  public static BudgetCalibration identity() {
    return IDENTITY;
  }

  /**
   * @param compute measured mean compute at each gate input, increasing
   * @param gate    the gate inputs, increasing, each in (0, 1]
   * @throws IllegalArgumentException naming the offending point
   */
  public static BudgetCalibration of(float[] compute, float[] gate) {
    if (compute.length != gate.length || compute.length < 2) {
      throw new IllegalArgumentException(META_KEY + ": needs at least two points with one gate input each, got "
          + compute.length + " and " + gate.length);
    }
    for (int i = 0; i < gate.length; i++) {
      if (!(gate[i] > 0 && gate[i] <= 1) || !(compute[i] > 0 && compute[i] < 2)) {
        throw new IllegalArgumentException(META_KEY + ": point " + compute[i] + ":" + gate[i]
            + " is out of range (compute in (0, 2), gate input in (0, 1])");
      }
      if (i > 0 && !(compute[i] > compute[i - 1] && gate[i] > gate[i - 1])) {
        throw new IllegalArgumentException(META_KEY + ": point " + compute[i] + ":" + gate[i]
            + " does not increase on " + compute[i - 1] + ":" + gate[i - 1]);
      }
    }
    return new BudgetCalibration(compute.clone(), gate.clone());
  }

  /**
   * From measurements of mean compute at increasing gate inputs. Compute is made monotone first (a
   * point that spends less than {@link #MIN_STEP} more than the last kept one is dropped), so
   * measurement noise cannot break or steepen the inverse, and the text written survives rounding.
   */
  public static BudgetCalibration fromMeasurements(double[] gateInputs, double[] measured) {
    if (gateInputs.length != measured.length) {
      throw new IllegalArgumentException("calibration: " + gateInputs.length + " gate inputs but " + measured.length
          + " measurements");
    }
    List<float[]> kept = new ArrayList<>();
    for (int i = 0; i < gateInputs.length; i++) {
      if (i > 0 && !(gateInputs[i] > gateInputs[i - 1])) {
        throw new IllegalArgumentException("calibration gate inputs must increase: " + gateInputs[i - 1] + " then "
            + gateInputs[i]);
      }
      if (kept.isEmpty() || measured[i] >= kept.get(kept.size() - 1)[0] + MIN_STEP) {
        kept.add(new float[] {(float) measured[i], (float) gateInputs[i]});
      }
    }
    if (kept.size() < 2) {
      throw new IllegalArgumentException("calibration: the measured compute does not grow with the gate input ("
          + java.util.Arrays.toString(measured) + "): these gates ignore β");
    }
    float[] c = new float[kept.size()];
    float[] g = new float[kept.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = kept.get(i)[0];
      g[i] = kept.get(i)[1];
    }
    return of(c, g);
  }

  /**
   * Reads {@link #META_KEY} from metadata.
   *
   * @throws ModelFormatException naming the key and the bad text
   */
  public static BudgetCalibration parse(String text) throws ModelFormatException {
    if (text == null || text.isBlank()) return IDENTITY;
    String[] points = text.split(",", -1);
    float[] c = new float[points.length];
    float[] g = new float[points.length];
    try {
      for (int i = 0; i < points.length; i++) {
        String[] p = points[i].split(":");
        if (p.length != 2) throw new IllegalArgumentException("'" + points[i] + "' is not compute:gate");
        c[i] = Float.parseFloat(p[0].trim());
        g[i] = Float.parseFloat(p[1].trim());
      }
      return of(c, g);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw new ModelFormatException("metadata " + META_KEY + " = '" + text + "': " + e.getMessage());
    }
  }

  /** The metadata text, {@code "c:g,…"}; empty for the identity. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < compute.length; i++) {
      if (i > 0) sb.append(',');
      sb.append(String.format(Locale.ROOT, "%.4f:%.4f", compute[i], gate[i]));
    }
    return sb.toString();
  }

  /**
   * The lowest budget the model reaches: the compute measured at the smallest gate input. A request
   * below it spends this much (it is fed that same gate input). 0 when uncalibrated (not measured).
   */
  public float floor() {
    return compute.length == 0 ? 0f : compute[0];
  }

  public boolean isIdentity() {
    return compute.length == 0;
  }

  /**
   * The gate input for requested budget β in (0, 1]. β = 1 always feeds 1, as without a calibration
   * (the gates themselves cost a little, so full quality can measure slightly above 1).
   */
  public float gateInput(float beta) {
    if (compute.length == 0 || beta >= 1f) return beta;
    int last = compute.length - 1;
    if (beta >= compute[last]) return gate[last];
    if (beta <= compute[0]) return gate[0];
    int i = 1;
    while (compute[i] < beta) i++;
    float w = (beta - compute[i - 1]) / (compute[i] - compute[i - 1]);
    return gate[i - 1] + w * (gate[i] - gate[i - 1]);
  }
}
