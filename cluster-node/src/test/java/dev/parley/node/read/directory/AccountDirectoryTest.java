package dev.parley.node.read.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.account.Account;
import dev.parley.node.testing.MigratedDatabase;
import dev.parley.persistence.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Account events applied to {@code parley_account}, and what the directory then lists, on H2 and PostgreSQL. */
class AccountDirectoryTest {
  private static final long T0 = 1_770_000_000_000L;

  @TempDir Path tempDir;

  private static void apply(HikariDataSource dataSource, String username, Account.Event... events) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (AccountTable table = new AccountTable(connection)) {
        for (Account.Event event : events) {
          table.apply(username, event);
        }
      }
      connection.commit();
    }
  }

  private static Account.Registered registered(String username, String displayName) {
    return new Account.Registered("u-" + username, username, "hash", displayName, T0);
  }

  private static List<String> usernames(AccountDirectory.Page page) {
    return page.accounts().stream().map(AccountDirectory.Entry::username).toList();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void accountsAreListedByUsernameWithTheirStateFoundByPartOfTheirNamesAPageAtATime(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      apply(db, "carol", registered("carol", "Carol"), new Account.DisplayNameChanged("Caro_100%", T0 + 1));
      apply(db, "alice", registered("alice", "Alice"), new Account.AdminChanged(true, "u-root", T0 + 2));
      apply(db, "bob", registered("bob", null), new Account.DeactivationChanged(true, "u-root", T0 + 3));
      // Applied twice (a step retried after its commit was lost): the first registration stays.
      apply(db, "bob", new Account.Registered("u-other", "bob", "hash", "Imposter", T0 + 9));

      AccountDirectory directory = new AccountDirectory(db);
      AccountDirectory.Page all = directory.page(null, null, 10);
      assertEquals(List.of("alice", "bob", "carol"), usernames(all));
      assertNull(all.next());
      assertEquals(
          new AccountDirectory.Entry("u-alice", "alice", "Alice", true, false, T0), all.accounts().get(0));
      assertEquals(new AccountDirectory.Entry("u-bob", "bob", null, false, true, T0), all.accounts().get(1));
      assertEquals("Caro_100%", all.accounts().get(2).displayName());

      AccountDirectory.Page first = directory.page(null, null, 2);
      assertEquals(List.of("alice", "bob"), usernames(first));
      assertEquals("bob", first.next());
      assertEquals(List.of("carol"), usernames(directory.page(null, first.next(), 2)));

      assertEquals(List.of("alice", "carol"), usernames(directory.page("a", null, 10)));
      assertEquals(List.of("carol"), usernames(directory.page("CARO_", null, 10)));
      assertEquals(List.of("carol"), usernames(directory.page("100%", null, 10)), "found by its display name; % matches only itself");
      assertEquals(List.of(), usernames(directory.page("a_i", null, 10)), "_ is no wildcard: it does not match alice's 'ali'");
    }
  }
}
