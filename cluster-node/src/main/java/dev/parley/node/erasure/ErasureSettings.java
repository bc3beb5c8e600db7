package dev.parley.node.erasure;

import static dev.parley.seed.SettingReader.read;

import com.typesafe.config.Config;
import dev.parley.seed.SettingChecks;
import java.time.Duration;

/**
 * Erasure of message text (docs/design.md, "Erasure"), from {@code parley.erasure}.
 *
 * @param retentionSweepEvery how often workspaces' retention is applied
 */
public record ErasureSettings(Duration retentionSweepEvery) {

  /** The dispatcher that runs the key table's blocking JDBC calls. */
  public static final String DISPATCHER = "parley.erasure.dispatcher";

  public static ErasureSettings from(Config config) {
    Config c = config.getConfig("parley.erasure");
    return new ErasureSettings(
        read(c, "retention-sweep-every", "PARLEY_RETENTION_SWEEP_EVERY", SettingChecks::positiveDuration));
  }
}
