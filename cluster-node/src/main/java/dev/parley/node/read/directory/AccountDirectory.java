package dev.parley.node.read.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Lists the accounts of the deployment from {@code parley_account}, by username. Blocking JDBC:
 * callers run it on the search dispatcher. What it lists is as fresh as the account projection: a
 * change shows within about one poll interval.
 */
public final class AccountDirectory {

  /** One account as the directory holds it; {@code displayName} may be null for old accounts. */
  public record Entry(
      String userId, String username, String displayName, boolean admin, boolean deactivated, long createdAt) {}

  /** {@code next}: the {@code after} of the next page, or null when this is the last. */
  public record Page(List<Entry> accounts, String next) {}

  private final DataSource dataSource;

  public AccountDirectory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The first {@code limit} accounts whose username comes after {@code after} (null: from the
   * start) and whose username or display name contains {@code query} (null: all), case-insensitive.
   */
  public Page page(String query, String after, int limit) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT user_id, username, display_name, admin, deactivated, created_at FROM parley_account WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (after != null) {
      sql.append(" AND username > ?");
      parameters.add(after);
    }
    if (query != null) {
      String pattern = "%" + escaped(query.toLowerCase(Locale.ROOT)) + "%";
      sql.append(" AND (username LIKE ? ESCAPE '\\' OR LOWER(display_name) LIKE ? ESCAPE '\\')");
      parameters.add(pattern);
      parameters.add(pattern);
    }
    // One more than asked tells whether there is a next page.
    sql.append(" ORDER BY username LIMIT ?");
    parameters.add(limit + 1);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      List<Entry> accounts = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          accounts.add(
              new Entry(
                  rows.getString(1), rows.getString(2), rows.getString(3), rows.getBoolean(4), rows.getBoolean(5), rows.getLong(6)));
        }
      }
      if (accounts.size() <= limit) {
        return new Page(List.copyOf(accounts), null);
      }
      List<Entry> shown = List.copyOf(accounts.subList(0, limit));
      return new Page(shown, shown.get(limit - 1).username());
    }
  }

  /** The query as a LIKE pattern's literal text: its wildcards match only themselves. */
  private static String escaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
