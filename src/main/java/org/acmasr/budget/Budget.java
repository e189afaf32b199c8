package org.acmasr.budget;

/**
 * The compute budget β a client asks for: the fraction of the static model's adaptive compute a
 * stream may spend. Either {@link Fixed} (β itself) or {@link Auto} (the engine steers β with the load,
 * never below a floor). Made once where a request enters (a wire field, a query parameter, a Kafka
 * record, a command-line option, a configuration key) and carried inward as it is; every value is
 * validated by the one rule here: in (0, 1], errors naming the key and the value as written.
 */
public sealed interface Budget permits Budget.Fixed, Budget.Auto {

  /** The rule every budget obeys, as its error messages state it. */
  String RULE = "must be in (0, 1]";

  /** Full compute: β = 1. */
  Fixed FULL = new Fixed(1);

  /** Auto with no floor of its own: the engine's configured floor (and the model's) apply. */
  Auto AUTO = new Auto(Double.MIN_NORMAL);

  /**
   * A fixed β.
   *
   * @param value in (0, 1]
   */
  record Fixed(double value) implements Budget {
    public Fixed {
      requireInRange("budget", value, String.valueOf(value));
    }

    /** β as the single-precision number the model and the streams compute with. */
    public float asFloat() {
      return (float) value;
    }
  }

  /**
   * β steered by the engine with the load (issue 20's {@code "budget": "auto"}).
   *
   * @param floor lowest β the stream accepts, in (0, 1]
   */
  record Auto(double floor) implements Budget {
    public Auto {
      requireInRange("budget.floor", floor, String.valueOf(floor));
    }
  }

  /** @throws IllegalArgumentException {@code budget = VALUE: must be in (0, 1]} */
  static Fixed fixed(double value) {
    return fixed("budget", value);
  }

  /** @throws IllegalArgumentException {@code KEY = VALUE: must be in (0, 1]} */
  static Fixed fixed(String key, double value) {
    return fixed(key, value, String.valueOf(value));
  }

  /**
   * @param shown the value as the client wrote it (a JSON number's text, a query parameter), for the message
   * @throws IllegalArgumentException {@code KEY = SHOWN: must be in (0, 1]}
   */
  static Fixed fixed(String key, double value, String shown) {
    requireInRange(key, value, shown);
    return new Fixed(value);
  }

  /** @throws IllegalArgumentException {@code KEY = VALUE: must be in (0, 1]} for the floor */
  static Auto auto(String key, double floor) {
    requireInRange(key, floor, String.valueOf(floor));
    return new Auto(floor);
  }

  /**
   * The auto budget with the request's own floor, or {@link #AUTO} when it gives none.
   *
   * @throws IllegalArgumentException {@code KEY = VALUE: must be in (0, 1]} for the floor
   */
  static Auto auto(String floorKey, Double floor) {
    return floor == null ? AUTO : auto(floorKey, floor.doubleValue());
  }

  /**
   * The rule every entry point applies to a floor: it belongs to an auto budget only.
   *
   * @param floorShown    the floor as the request wrote it, or null when it gave none
   * @param autoAsWritten how the request asks for auto, for the message ({@code budget=auto}, {@code budget_auto})
   * @throws IllegalArgumentException {@code FLOOR_KEY = FLOOR: applies only with AUTO_AS_WRITTEN}
   */
  static void requireAutoForFloor(boolean auto, String floorKey, String floorShown, String autoAsWritten) {
    if (!auto && floorShown != null) {
      throw new IllegalArgumentException(floorKey + " = " + floorShown + ": applies only with " + autoAsWritten);
    }
  }

  /**
   * The rule, for values that are not budgets but share their range (a gate input fed to the model as is).
   *
   * @return {@code value}
   * @throws IllegalArgumentException {@code KEY = SHOWN: must be in (0, 1]} (NaN included)
   */
  static double requireInRange(String key, double value, String shown) {
    if (!(value > 0 && value <= 1)) throw new IllegalArgumentException(key + " = " + shown + ": " + RULE);
    return value;
  }
}
