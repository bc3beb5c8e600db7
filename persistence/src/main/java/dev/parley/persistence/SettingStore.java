package dev.parley.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values all nodes must agree on, kept in {@code parley_setting}. Values may be secrets: they are
 * never logged. Each statement commits on its own, so the data source must hand out auto-commit
 * connections, as {@link DataSources#create} does.
 */
public final class SettingStore {

  private static final Logger LOG = LoggerFactory.getLogger(SettingStore.class);

  /** SQLSTATE unique_violation; PostgreSQL and H2 both report a duplicate key with it. */
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  public SettingStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The stored value of {@code name}, storing {@code initial}'s value first if there is none. Nodes
   * that start together may all try to store theirs: the primary key lets exactly one insert win,
   * and the others read the winner's value, so every caller gets the same value.
   */
  public String getOrCreate(String name, Supplier<String> initial) throws SQLException {
    Optional<String> stored = find(name);
    if (stored.isPresent()) {
      return stored.get();
    }
    String candidate = Objects.requireNonNull(initial.get(), "initial value");
    try {
      insert(name, candidate);
      LOG.info("Setting '{}' created", name);
      return candidate;
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      return find(name)
          .orElseThrow(
              () -> new SQLException("Setting '" + name + "' vanished after a duplicate key", e));
    }
  }

  /** The stored value of {@code name}, if any. */
  public Optional<String> find(String name) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT \"value\" FROM parley_setting WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Stores {@code value} as {@code name}'s, replacing what was there. Two nodes storing at once
   * both succeed, and the later write is what stays.
   */
  public void put(String name, String value) throws SQLException {
    if (update(name, value) > 0) {
      return;
    }
    try {
      insert(name, value);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      update(name, value);
    }
    LOG.info("Setting '{}' stored", name);
  }

  private int update(String name, String value) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement("UPDATE parley_setting SET \"value\" = ? WHERE name = ?")) {
      update.setString(1, value);
      update.setString(2, name);
      return update.executeUpdate();
    }
  }

  private void insert(String name, String value) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO parley_setting (name, \"value\") VALUES (?, ?)")) {
      insert.setString(1, name);
      insert.setString(2, value);
      insert.executeUpdate();
    }
  }
}
