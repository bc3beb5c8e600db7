package dev.parley.node.read.search;

import static dev.parley.seed.SettingReader.read;

import com.typesafe.config.Config;
import dev.parley.seed.InvalidSettingException;
import dev.parley.seed.SettingChecks;
import java.time.Duration;

/**
 * Search: the projection's pace and the query limits, from {@code parley.search}.
 *
 * @param pollInterval how long the projection waits before looking again once it has caught up
 * @param batchSize journal rows read per projection transaction
 * @param gapTimeout how long a missing journal {@code ordering} is waited for before it is taken
 *     as never coming (a rolled-back insert) and skipped
 * @param failureBackoffMin the wait after the first failed projection transaction, doubled per
 *     failure in a row
 * @param failureBackoffMax the longest wait between failed projection transactions
 * @param maxQueryChars the longest query text {@code q} accepted
 * @param defaultHits hits returned when the request gives no {@code limit}
 * @param maxHits the largest {@code limit} accepted
 */
public record SearchSettings(
    Duration pollInterval,
    int batchSize,
    Duration gapTimeout,
    Duration failureBackoffMin,
    Duration failureBackoffMax,
    int maxQueryChars,
    int defaultHits,
    int maxHits) {

  /** The dispatcher that runs search's blocking JDBC calls, away from the actors' threads. */
  public static final String DISPATCHER = "parley.search.dispatcher";

  public SearchSettings {
    if (batchSize < 1 || maxQueryChars < 1 || maxHits < 1 || defaultHits < 1 || defaultHits > maxHits) {
      throw new IllegalArgumentException(
          "parley.search: batch-size, max-query-chars and max-hits must be positive, default-hits 1..max-hits");
    }
    if (pollInterval.isNegative() || pollInterval.isZero() || gapTimeout.isNegative() || failureBackoffMin.compareTo(failureBackoffMax) > 0) {
      throw new IllegalArgumentException(
          "parley.search: poll-interval must be positive, gap-timeout not negative, failure-backoff min <= max");
    }
  }

  /** The settings, the deploy-time ones ({@code PARLEY_SEARCH_*}) checked as {@code NodeSettings} checks its own. */
  public static SearchSettings from(Config config) {
    Config c = config.getConfig("parley.search");
    int defaultHits = c.getInt("default-hits");
    int maxHits = read(c, "max-hits", "PARLEY_SEARCH_MAX_HITS", SettingChecks.wholeNumber(1, 10_000));
    if (maxHits < defaultHits) {
      throw new InvalidSettingException("PARLEY_SEARCH_MAX_HITS", "must be at least the default number of hits, " + defaultHits);
    }
    return new SearchSettings(
        read(c, "poll-interval", "PARLEY_SEARCH_POLL_INTERVAL", SettingChecks::positiveDuration),
        read(c, "batch-size", "PARLEY_SEARCH_BATCH_SIZE", SettingChecks.wholeNumber(1, 100_000)),
        read(c, "gap-timeout", "PARLEY_SEARCH_GAP_TIMEOUT", SettingChecks::positiveDuration),
        c.getDuration("failure-backoff.min"),
        c.getDuration("failure-backoff.max"),
        c.getInt("max-query-chars"),
        defaultHits,
        maxHits);
  }

  /** The wait before the next attempt after {@code failures} failed transactions in a row. */
  public Duration backoffAfter(int failures) {
    Duration wait = failureBackoffMin;
    for (int i = 1; i < failures && wait.compareTo(failureBackoffMax) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(failureBackoffMax) > 0 ? failureBackoffMax : wait;
  }
}
