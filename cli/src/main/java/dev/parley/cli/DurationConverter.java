package dev.parley.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --timeout} values: {@code 10} (seconds), {@code 2.5s}, {@code 500ms}, {@code 1m}. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

  @Override
  public Duration convert(String value) {
    Matcher m = FORMAT.matcher(value.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a duration (e.g. 10, 2.5s, 500ms, 1m)");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    BigDecimal millis =
        switch (unit) {
          case "ms" -> amount;
          case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
          default -> amount.multiply(BigDecimal.valueOf(1000));
        };
    long ms = millis.longValue();
    if (ms <= 0) {
      throw new TypeConversionException("'" + value + "' must be at least 1 ms");
    }
    return Duration.ofMillis(ms);
  }

  /** {@code 10s}, {@code 2.5s}, {@code 300ms}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
  }
}
