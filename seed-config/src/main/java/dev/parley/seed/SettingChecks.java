package dev.parley.seed;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** Checks of setting values shared by the node's settings; each refusal says what is expected. */
public final class SettingChecks {
  private SettingChecks() {}

  /** A whole number within {@code min..max}. */
  public static Function<String, Integer> wholeNumber(int min, int max) {
    return value -> {
      try {
        int number = Integer.parseInt(value.strip());
        if (number >= min && number <= max) {
          return number;
        }
      } catch (NumberFormatException e) {
        // reported below, with the same message as an out-of-range number
      }
      throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
    };
  }

  /** A whole number of at least 1. */
  public static int positiveWholeNumber(String value) {
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below, with the same message as a number below 1
    }
    throw new IllegalArgumentException("must be a whole number >= 1");
  }

  /** A HOCON duration ({@code 20s}, {@code 500ms}) above zero. */
  public static Duration positiveDuration(String value) {
    Duration duration;
    try {
      duration = ConfigFactory.parseMap(Map.of("value", value)).getDuration("value");
    } catch (ConfigException e) {
      throw new IllegalArgumentException("must be a duration such as 20s or 500ms");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("must be above zero");
    }
    return duration;
  }
}
