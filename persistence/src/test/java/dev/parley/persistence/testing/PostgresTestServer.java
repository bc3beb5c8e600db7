package dev.parley.persistence.testing;

import dev.parley.persistence.DatabaseSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL for tests. With {@code PARLEY_TEST_DB_URL} set, tests use that server; otherwise the
 * first test that asks starts a private server for the whole JVM, stopped when the JVM exits. Every
 * test class takes a {@link #freshDatabase()} so it starts from nothing.
 */
public final class PostgresTestServer {

  /** An admin JDBC URL, credentials as {@code user=} and {@code password=} parameters. */
  public static final String URL_VARIABLE = "PARLEY_TEST_DB_URL";

  /** Tests open a few connections at a time; a pool this size never makes them wait long. */
  public static final int POOL_SIZE = 4;

  /** {@code jdbc:postgresql://host[:port][/database][?parameters]} */
  private static final Pattern URL =
      Pattern.compile("(jdbc:postgresql://[^/?]+)(?:/[^?]*)?(\\?.*)?");

  private static PrivatePostgres privateServer;

  private PostgresTestServer() {}

  /** A JDBC URL with the right to create databases; the private server starts on first use. */
  public static String adminUrl() {
    String configured = System.getenv(URL_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return privateServer().adminUrl();
  }

  /** A new, empty database with a name no one else uses. */
  public static DatabaseSettings freshDatabase() {
    return freshDatabase(adminUrl());
  }

  /** A new, empty database on the server {@code adminUrl} points at. */
  static DatabaseSettings freshDatabase(String adminUrl) {
    Matcher url = URL.matcher(adminUrl);
    if (!url.matches()) {
      throw new IllegalArgumentException(
          URL_VARIABLE + " must look like jdbc:postgresql://host:port/database?user=...");
    }
    String query = url.group(2) == null ? "" : url.group(2);
    String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection admin = DriverManager.getConnection(adminUrl);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
    Map<String, String> parameters = parameters(query);
    return DatabaseSettings.of(
        url.group(1) + "/" + name + query,
        parameters.getOrDefault("user", PrivatePostgres.SUPERUSER),
        parameters.getOrDefault("password", ""),
        POOL_SIZE);
  }

  private static synchronized PrivatePostgres privateServer() {
    if (privateServer == null) {
      PrivatePostgres started = PrivatePostgres.start(PrivatePostgres.DEBIAN_BIN_DIR);
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "parley-postgres-stop"));
      privateServer = started;
    }
    return privateServer;
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new HashMap<>();
    if (query.length() > 1) {
      for (String pair : query.substring(1).split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          parameters.put(
              URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return parameters;
  }
}
