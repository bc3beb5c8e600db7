package dev.parley.node.monitoring;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, as they appear in a scrape: {@code
 * rate(parley_delivery_lag_seconds_bucket[5m])} names {@code parley_delivery_lag_seconds_bucket},
 * a sample name the node exports, so names are compared with sample names and no suffix is
 * stripped. Skipped: string literals (label values, regexes), label matchers, range and offset
 * durations, Grafana variables, the label lists of {@code by}/{@code without}/{@code on}/
 * {@code ignoring}/{@code group_left}/{@code group_right}, functions and aggregations (a name
 * followed by a parenthesis), keywords and numbers.
 */
final class PromQlNames {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
  /** A number (with its exponent or unit, e.g. {@code 1e-3}, {@code 5m}) or a name, and what follows it. */
  private static final Pattern TOKEN = Pattern.compile("(\\d[\\w.]*)|([a-zA-Z_:][\\w:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2", "by", "without", "on", "ignoring", "group_left", "group_right");

  private PromQlNames() {}

  static Set<String> of(String expr) {
    String bare = STRING.matcher(expr).replaceAll(" ");
    bare = VARIABLE.matcher(bare).replaceAll(" ");
    bare = MATCHERS.matcher(bare).replaceAll(" ");
    bare = RANGE.matcher(bare).replaceAll(" ");
    bare = LABEL_LIST.matcher(bare).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher token = TOKEN.matcher(bare);
    while (token.find()) {
      String name = token.group(2);
      if (name != null && token.group(3) == null && !KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }
}
