package dev.parley.seed;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.function.Function;

/**
 * Reads one deploy-time setting and checks it; a bad value becomes an {@link InvalidSettingException}
 * naming the environment variable that sets it.
 */
public final class SettingReader {
  private SettingReader() {}

  /** The checked value; the message of a bad one shows what was given. */
  public static <T> T read(Config config, String path, String variable, Function<String, T> check) {
    return read(config, path, variable, check, true);
  }

  /** Like {@link #read}, but the value never appears in a message (passwords, tokens, keys, URLs). */
  public static <T> T readSecret(Config config, String path, String variable, Function<String, T> check) {
    return read(config, path, variable, check, false);
  }

  private static <T> T read(Config config, String path, String variable, Function<String, T> check, boolean showValue) {
    String raw;
    try {
      raw = config.getString(path);
    } catch (ConfigException e) {
      throw new InvalidSettingException(variable, "missing or of the wrong type");
    }
    try {
      return check.apply(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(variable, e.getMessage() + (showValue ? " (got '" + raw + "')" : ""));
    }
  }
}
