package dev.parley.node.faults;

import java.time.Duration;
import java.util.List;

/**
 * The suite's knobs, as system properties so that scripts/faults.sh can pass them through Maven.
 * The defaults are the short versions CI runs.
 */
record FaultSettings(
    List<String> scenarios,
    long seed,
    Duration mixed,
    Duration paused,
    Duration partitioned,
    Duration postgresOutage,
    int stormSessions,
    Duration soak,
    Duration soakSampleEvery) {

  /**
   * How many times a soak samples the nodes unless told how often. CI's soak is one minute: a
   * check that the churn and its sampling run clean, not a search for slow leaks, which the hour
   * scripts/faults.sh runs by default is for.
   */
  private static final int SOAK_SAMPLES = 6;

  static FaultSettings fromSystemProperties() {
    String scenarios = property("parley.faults.scenarios", "all");
    String seed = property("parley.faults.seed", "");
    Duration soak = duration("parley.faults.soak", "1m");
    return new FaultSettings(
        scenarios.equals("all") ? List.of() : List.of(scenarios.split(",")),
        seed.isEmpty() ? System.nanoTime() : Long.parseLong(seed),
        duration("parley.faults.mixed", "60s"),
        duration("parley.faults.paused", "8s"),
        duration("parley.faults.partitioned", "10s"),
        duration("parley.faults.postgres-outage", "10s"),
        Integer.parseInt(property("parley.faults.storm-sessions", "1000")),
        soak,
        property("parley.faults.soak-sample-every", "").isEmpty() ? soak.dividedBy(SOAK_SAMPLES) : duration("parley.faults.soak-sample-every", "1m"));
  }

  /**
   * The longest a channel may go without an ack across a kill or a SIGSTOP: issue 22's 5 s, which
   * scripts/faults.sh asserts. The build's own run of the suite (CI, on two shared cores) asserts 8 s
   * instead (system-tests/pom.xml): there 5 s was missed by up to a second in some runs, and 8 s
   * still catches a return to the 9-10 s failovers this bound replaced (docs/reliability.md).
   */
  static Duration failoverBound() {
    return duration("parley.faults.failover-bound", "5s");
  }

  boolean selected(String scenario) {
    return scenarios.isEmpty() || scenarios.contains(scenario);
  }

  private static String property(String name, String fallback) {
    String value = System.getProperty(name, "");
    return value.isBlank() ? fallback : value.trim();
  }

  /** {@code 90s}, {@code 5m}, {@code 1h}. */
  private static Duration duration(String name, String fallback) {
    String value = property(name, fallback);
    long amount = Long.parseLong(value.substring(0, value.length() - 1));
    return switch (value.charAt(value.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> throw new IllegalArgumentException(name + " must end in s, m or h: " + value);
    };
  }
}
