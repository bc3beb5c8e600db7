package dev.parley.node.logging;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Locale;

/**
 * How the node logs ({@code PARLEY_LOG_FORMAT}, {@code PARLEY_LOG_LEVEL}).
 *
 * @param format {@code text} (for people) or {@code json} (one object per line, for collectors)
 * @param level the root level
 */
public record LogSettings(String format, Level level) {
  private static final List<String> FORMATS = List.of("text", "json");
  private static final List<Level> LEVELS = List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR, Level.OFF);

  public static String format(String value) {
    String format = value.strip().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("must be text or json");
    }
    return format;
  }

  /** Only the names: logback would take anything else for DEBUG. */
  public static Level level(String value) {
    String name = value.strip().toUpperCase(Locale.ROOT);
    return LEVELS.stream()
        .filter(level -> level.levelStr.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF"));
  }
}
