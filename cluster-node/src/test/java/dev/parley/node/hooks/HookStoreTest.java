package dev.parley.node.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.testing.MigratedDatabase;
import dev.parley.persistence.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Incoming webhooks in {@code parley_hook} (migration V7), on H2 and PostgreSQL. */
class HookStoreTest {
  private static final long T0 = 1_770_000_000_000L;

  @TempDir Path tempDir;

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aHookIsFoundByItsTokensHashListedWithItsChannelAndGoneOnceRevoked(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      HookStore store = new HookStore(db, Runnable::run);
      String token = HookToken.generate();
      StoredHook ci = new StoredHook("h-ci", "c-ops", "w-1", "CI", "u-admin", T0);
      StoredHook alerts = new StoredHook("h-alerts", "c-ops", "w-1", "Alerts", "u-admin", T0 + 1);
      StoredHook elsewhere = new StoredHook("h-other", "c-dev", "w-1", "CI", "u-admin", T0);
      await(store.insert(ci, HookToken.hash(token)));
      await(store.insert(alerts, HookToken.hash(HookToken.generate())));
      await(store.insert(elsewhere, HookToken.hash(HookToken.generate())));

      assertEquals(Optional.of(ci), await(store.byTokenHash(HookToken.hash(token))));
      assertEquals(Optional.empty(), await(store.byTokenHash(HookToken.hash(token + "x"))));
      assertEquals(List.of(ci, alerts), await(store.live("c-ops")));

      assertFalse(await(store.revoke("c-dev", "h-ci", T0 + 5)), "a hook is revoked only through its own channel");
      assertTrue(await(store.revoke("c-ops", "h-ci", T0 + 5)));
      assertFalse(await(store.revoke("c-ops", "h-ci", T0 + 6)), "already revoked");
      assertEquals(Optional.empty(), await(store.byTokenHash(HookToken.hash(token))));
      assertEquals(List.of(alerts), await(store.live("c-ops")));
      assertEquals(0, count(db, "SELECT COUNT(*) FROM parley_hook WHERE token_hash = '" + token + "'"), "the token itself is not stored");
      assertEquals(1, count(db, "SELECT COUNT(*) FROM parley_hook WHERE revoked_at = " + (T0 + 5)), "a revoked hook keeps its row");
    }
  }

  @Test
  void tokensAre32RandomBytesUrlSafeAndHashedAsHexSha256() {
    String token = HookToken.generate();
    assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
    assertNotEquals(token, HookToken.generate());
    // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HookToken.hash("abc"));
  }

  private static int count(HikariDataSource db, String sql) throws SQLException {
    try (Connection connection = db.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
