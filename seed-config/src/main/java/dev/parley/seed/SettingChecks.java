package dev.parley.seed;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  /**
   * One of {@code type}'s constants, named in lower case ({@code open}, {@code invite}); a refusal
   * lists them ("must be open, invite or closed").
   */
  public static <E extends Enum<E>> E oneOf(Class<E> type, String value) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      String name = constant.name().toLowerCase(Locale.ROOT);
      if (name.equals(value)) {
        return constant;
      }
      names.add(name);
    }
    String last = names.remove(names.size() - 1);
    throw new IllegalArgumentException("must be " + (names.isEmpty() ? last : String.join(", ", names) + " or " + last));
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
