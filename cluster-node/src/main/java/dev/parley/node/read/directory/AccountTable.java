package dev.parley.node.read.directory;

import dev.parley.node.account.Account;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Applies account events to {@code parley_account}, on the caller's connection and inside the
 * caller's transaction: the projection commits them together with its offset. Every change is
 * idempotent (a registration already there is not written again), so applying an event twice
 * leaves what applying it once left.
 */
final class AccountTable implements AutoCloseable {
  private final PreparedStatement register;
  private final PreparedStatement rename;
  private final PreparedStatement admin;
  private final PreparedStatement deactivated;

  AccountTable(Connection connection) throws SQLException {
    register =
        connection.prepareStatement(
            "INSERT INTO parley_account (username, user_id, display_name, admin, deactivated, created_at)"
                + " SELECT ?, ?, ?, ?, FALSE, ? FROM (VALUES (0)) AS one(x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM parley_account WHERE username = ?)");
    rename = connection.prepareStatement("UPDATE parley_account SET display_name = ? WHERE username = ?");
    admin = connection.prepareStatement("UPDATE parley_account SET admin = ? WHERE username = ?");
    deactivated = connection.prepareStatement("UPDATE parley_account SET deactivated = ? WHERE username = ?");
  }

  /** Events that do not change what the directory lists (tokens, passwords, resets) are ignored. */
  void apply(String username, Account.Event event) throws SQLException {
    if (event instanceof Account.Registered r) {
      register.setString(1, username);
      register.setString(2, r.userId());
      register.setString(3, r.displayName());
      register.setBoolean(4, Boolean.TRUE.equals(r.admin()));
      register.setLong(5, r.ts());
      register.setString(6, username);
      register.executeUpdate();
    } else if (event instanceof Account.DisplayNameChanged changed) {
      update(rename, changed.displayName(), username);
    } else if (event instanceof Account.AdminChanged changed) {
      update(admin, changed.admin(), username);
    } else if (event instanceof Account.DeactivationChanged changed) {
      update(deactivated, changed.deactivated(), username);
    }
  }

  private static void update(PreparedStatement statement, Object value, String username) throws SQLException {
    statement.setObject(1, value);
    statement.setString(2, username);
    statement.executeUpdate();
  }

  @Override
  public void close() throws SQLException {
    register.close();
    rename.close();
    admin.close();
    deactivated.close();
  }
}
