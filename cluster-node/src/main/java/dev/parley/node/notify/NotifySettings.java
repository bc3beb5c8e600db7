package dev.parley.node.notify;

import static dev.parley.seed.SettingReader.read;
import static dev.parley.seed.SettingReader.readSecret;

import com.typesafe.config.Config;
import dev.parley.seed.SettingChecks;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Notification emails (docs/operations.md, "Notifications"), from {@code parley.notify}.
 *
 * @param delay how long a mention or DM waits unread before it is emailed
 * @param pollInterval how often the notify projection looks for new journal events, and the
 *     sender for notices whose delay has passed
 * @param batchSize journal rows read per projection transaction, and recipients per sending round
 * @param gapTimeout how long a missing journal {@code ordering} is waited for before it is skipped
 * @param failureBackoffMin the wait after the first failed step, doubled per failure in a row
 * @param failureBackoffMax the longest wait between failed steps
 * @param publicUrl the deployment's base URL (links in the emails), {@code parley.http.public-url}
 * @param smtp where emails are sent; empty: notification emails are off
 */
public record NotifySettings(
    Duration delay,
    Duration pollInterval,
    int batchSize,
    Duration gapTimeout,
    Duration failureBackoffMin,
    Duration failureBackoffMax,
    String publicUrl,
    Optional<Smtp> smtp) {

  /** The dispatcher that runs the notifier's JDBC calls and SMTP sessions, off the actor threads. */
  public static final String DISPATCHER = "parley.notify.dispatcher";

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]*");

  /**
   * An SMTP server: {@code user} empty for one that takes mail without logging in; {@code startTls}:
   * upgrade the connection before logging in (and refuse a server that cannot).
   */
  public record Smtp(String host, int port, String user, String password, String from, boolean startTls, Duration timeout) {
    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", user=" + user + ", from=" + from + ", startTls=" + startTls + "]";
    }
  }

  /** Every {@code PARLEY_SMTP_*} is checked, also while the host is empty, so that a typo stops the start. */
  public static NotifySettings from(Config config) {
    Config c = config.getConfig("parley.notify");
    String host = read(c, "smtp.host", "PARLEY_SMTP_HOST", NotifySettings::host);
    Smtp smtp =
        new Smtp(
            host,
            read(c, "smtp.port", "PARLEY_SMTP_PORT", SettingChecks.wholeNumber(1, 65_535)),
            read(c, "smtp.user", "PARLEY_SMTP_USER", String::strip),
            readSecret(c, "smtp.password", "PARLEY_SMTP_PASSWORD", v -> v),
            read(c, "smtp.from", "PARLEY_SMTP_FROM", NotifySettings::sender),
            read(c, "smtp.starttls", "PARLEY_SMTP_STARTTLS", NotifySettings::bool),
            c.getDuration("smtp.timeout"));
    String publicUrl = config.getString("parley.http.public-url");
    return new NotifySettings(
        read(c, "delay", "PARLEY_NOTIFY_DELAY", SettingChecks::positiveDuration),
        c.getDuration("poll-interval"),
        c.getInt("batch-size"),
        c.getDuration("gap-timeout"),
        c.getDuration("failure-backoff.min"),
        c.getDuration("failure-backoff.max"),
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
        host.isEmpty() ? Optional.empty() : Optional.of(smtp));
  }

  /** The wait before the next attempt after {@code failures} failed steps in a row. */
  Duration backoffAfter(int failures) {
    Duration wait = failureBackoffMin;
    for (int i = 1; i < failures && wait.compareTo(failureBackoffMax) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(failureBackoffMax) > 0 ? failureBackoffMax : wait;
  }

  /** A host name or an IP literal, or empty; no spaces, schemes or ports. */
  private static String host(String value) {
    String host = value.strip();
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("must be the SMTP server's host name or address (smtp.example.org), or empty");
    }
    return host;
  }

  private static String sender(String value) {
    if (value.isBlank() || value.indexOf('@') < 0 || value.chars().anyMatch(ch -> ch == '\r' || ch == '\n')) {
      throw new IllegalArgumentException("must be the sender's address, e.g. parley@example.org or \"Parley <parley@example.org>\"");
    }
    return value.strip();
  }

  private static boolean bool(String value) {
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }
}
