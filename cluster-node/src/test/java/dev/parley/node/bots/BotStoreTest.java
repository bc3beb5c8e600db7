package dev.parley.node.bots;

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

/** Bot accounts and their tokens in {@code parley_bot} and {@code parley_bot_token} (migration V9), on H2 and PostgreSQL. */
class BotStoreTest {
  private static final long T0 = 1_770_000_000_000L;

  @TempDir Path tempDir;

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aTokenFindsItsBotUntilRevokedOrTheBotIsRemoved(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      BotStore store = new BotStore(db, Runnable::run);
      StoredBot ci = new StoredBot("b-ci", "w-1", "ci", "u-admin", T0);
      StoredBot alerts = new StoredBot("b-alerts", "w-1", "alerts", "u-admin", T0 + 1);
      assertTrue(await(store.insert(ci)));
      assertTrue(await(store.insert(alerts)));
      assertFalse(await(store.insert(new StoredBot("b-again", "w-1", "ci", "u-admin", T0 + 2))), "a name is taken in its workspace");
      assertTrue(await(store.insert(new StoredBot("b-other", "w-2", "ci", "u-admin", T0 + 2))), "and free in another");
      assertEquals(List.of(ci, alerts), await(store.live("w-1")));
      assertEquals(Optional.of(ci), await(store.liveBot("w-1", "b-ci")));
      assertEquals(Optional.empty(), await(store.liveBot("w-2", "b-ci")), "a bot is found only through its own workspace");

      String secret = BotSecret.generate();
      String other = BotSecret.generate();
      StoredBotToken first = new StoredBotToken("k-1", "b-ci", "deploys", T0 + 3);
      StoredBotToken second = new StoredBotToken("k-2", "b-ci", null, T0 + 4);
      await(store.insertToken(first, BotSecret.hash(secret)));
      await(store.insertToken(second, BotSecret.hash(other)));
      assertEquals(List.of(first, second), await(store.liveTokens("b-ci")));
      assertEquals(Optional.of(new BotLogin(ci, "k-1")), await(store.bySecretHash(BotSecret.hash(secret))));
      assertEquals(0, count(db, "SELECT COUNT(*) FROM parley_bot_token WHERE token_hash = '" + secret + "'"), "the secret is not stored");

      assertFalse(await(store.revokeToken("b-alerts", "k-1", T0 + 5)), "a token is revoked only through its own bot");
      assertTrue(await(store.revokeToken("b-ci", "k-1", T0 + 5)));
      assertFalse(await(store.revokeToken("b-ci", "k-1", T0 + 6)), "already revoked");
      assertEquals(Optional.empty(), await(store.bySecretHash(BotSecret.hash(secret))));
      assertEquals(List.of(second), await(store.liveTokens("b-ci")));

      assertTrue(await(store.remove("w-1", "b-ci", T0 + 7)));
      assertFalse(await(store.remove("w-1", "b-ci", T0 + 8)), "already removed");
      assertEquals(Optional.empty(), await(store.bySecretHash(BotSecret.hash(other))), "a removed bot's tokens stop working");
      assertEquals(List.of(alerts), await(store.live("w-1")));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM parley_bot WHERE removed_at = " + (T0 + 7)), "a removed bot keeps its row");
    }
  }

  @Test
  void secretsArePrefixed32RandomBytesHashedAsHexSha256() {
    String secret = BotSecret.generate();
    assertTrue(secret.matches("pbt_[A-Za-z0-9_-]{43}"), secret);
    assertTrue(BotSecret.isBotToken(secret) && BotSecret.isWellFormed(secret));
    assertFalse(BotSecret.isWellFormed("pbt_short") || BotSecret.isBotToken("eyJhbGciOiJIUzI1NiJ9.e30.x"));
    assertNotEquals(secret, BotSecret.generate());
    // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", BotSecret.hash("abc"));
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
