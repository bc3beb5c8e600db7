package dev.parley.node.notify;

import dev.parley.node.PooledJdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Users' email addresses ({@code parley_account_email}), where notification emails go. A table
 * rather than the Account entity: only the notifier reads them, and no other node needs them
 * in memory.
 */
public final class EmailAddresses {
  private final PooledJdbc jdbc;

  public EmailAddresses(DataSource dataSource, Executor blocking) {
    this.jdbc = new PooledJdbc(dataSource, blocking);
  }

  /** The user's address, if they set one. */
  public CompletionStage<Optional<String>> of(String userId) {
    return jdbc.run(connection -> find(connection, userId));
  }

  /** Sets the user's address; empty removes it. */
  public CompletionStage<Optional<String>> set(String userId, String email) {
    return jdbc.inTransaction(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement("DELETE FROM parley_account_email WHERE user_id = ?")) {
            delete.setString(1, userId);
            delete.executeUpdate();
          }
          if (!email.isEmpty()) {
            try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO parley_account_email (user_id, email) VALUES (?, ?)")) {
              insert.setString(1, userId);
              insert.setString(2, email);
              insert.executeUpdate();
            }
          }
          return email.isEmpty() ? Optional.empty() : Optional.of(email);
        });
  }

  static Optional<String> find(Connection connection, String userId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT email FROM parley_account_email WHERE user_id = ?")) {
      select.setString(1, userId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }
}
