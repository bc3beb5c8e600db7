package dev.parley.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --duration} values: {@code 30} (seconds), {@code 2.5s}, {@code 500ms}, {@code 1m}; zero is allowed. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");
  private static final long MILLIS_PER_SECOND = 1000;
  private static final long MILLIS_PER_MINUTE = 60_000;

  @Override
  public Duration convert(String value) {
    Matcher m = FORMAT.matcher(value.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a duration (e.g. 30, 2.5s, 500ms, 1m)");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    BigDecimal millis =
        switch (unit) {
          case "ms" -> amount;
          case "m" -> amount.multiply(BigDecimal.valueOf(MILLIS_PER_MINUTE));
          default -> amount.multiply(BigDecimal.valueOf(MILLIS_PER_SECOND));
        };
    return Duration.ofMillis(millis.longValue());
  }
}
