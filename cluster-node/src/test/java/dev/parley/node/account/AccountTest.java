package dev.parley.node.account;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Account entity: registration, credentials and single-use refresh tokens. */
class AccountTest {
  private static final long START = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final PersistFailureBackoff BACKOFF =
      new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
  private static final int MAX_TOKENS = 3;

  private static final String HASH = "$2b$04$abcdefghijklmnopqrstuuJ0iP8b6Hk0sC4vY8x7w6v5u4t3s2r1q";
  private static final Account.Credentials ALICE = new Account.Credentials("u-alice", "alice", HASH, "Alice");

  private static ActorTestKit testKit;
  private static ManualClock clock;
  private static EventSourcedBehaviorTestKit<Account.Command, Account.Event, Account.State> kit;

  @BeforeAll
  static void startTestKit() {
    Config config = EntityTestConfig.config();
    testKit = ActorTestKit.create("AccountTest", config);
    clock = new ManualClock(START);
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Account.create("alice", new Account.Settings(50, MAX_TOKENS, BACKOFF), clock),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  @AfterAll
  static void stopTestKit() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    clock.set(START);
    kit.clear();
  }

  // Registration

  @Test
  void registerStoresTheCredentialsUnderTheEntitysUsername() {
    var result =
        kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.Register("u-alice", HASH, "Alice", replyTo));

    assertEquals(Outcome.accepted(ALICE), result.reply());
    assertEquals(List.of(new Account.Registered("u-alice", "alice", HASH, "Alice", START)), result.events());
    assertEquals(new Account.Active(ALICE, List.of()), result.state());
  }

  @Test
  void rejectsSecondRegistrationOfTheUsernameAsConflict() {
    register();

    var again =
        kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.Register("u-mallory", "$2b$04$other", "Mallory", replyTo));

    assertEquals(Outcome.Reason.CONFLICT, reason(again.reply()));
    assertTrue(again.hasNoEvents());
    assertEquals(ALICE, ((Account.Active) again.state()).credentials());
  }

  @Test
  void credentialsOfAnUnregisteredNameAreNotFound() {
    var result = kit.<Outcome<Account.Credentials>>runCommand(Account.GetCredentials::new);

    assertEquals(Outcome.Reason.NOT_FOUND, reason(result.reply()));
    assertInstanceOf(Account.Unregistered.class, result.state());
  }

  @Test
  void getCredentialsAnswersWithTheRegisteredOnes() {
    register();

    var result = kit.<Outcome<Account.Credentials>>runCommand(Account.GetCredentials::new);

    assertEquals(Outcome.accepted(ALICE), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void passwordHashNeverAppearsInToString() {
    var register = new Account.Register("u-alice", HASH, "Alice", testKit.<Outcome<Account.Credentials>>createTestProbe().ref());
    var registered = new Account.Registered("u-alice", "alice", HASH, "Alice", START);
    var state = new Account.Active(ALICE, List.of(new Account.RefreshToken("r1", START + DAY)));

    for (Object value : List.of(register, ALICE, registered, state, Outcome.accepted(ALICE))) {
      assertFalse(value.toString().contains(HASH), value.getClass().getSimpleName() + ": " + value);
      assertFalse(value.toString().contains("$2b$"), value.getClass().getSimpleName() + ": " + value);
    }
  }

  // Refresh tokens

  @Test
  void issuedRefreshTokenIsLive() {
    register();

    var result =
        kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.IssueRefreshToken("r1", START + DAY, replyTo));

    assertEquals(Outcome.accepted(ALICE), result.reply());
    assertEquals(List.of(new Account.RefreshTokenIssued(new Account.RefreshToken("r1", START + DAY), START)), result.events());
    assertEquals(
        List.of(new Account.RefreshToken("r1", START + DAY)),
        result.stateOfType(Account.Active.class).refreshTokens());
  }

  @Test
  void rotationSpendsTheOldTokenAndMakesTheNewOneLive() {
    register();
    issue("r1", START + DAY);

    var rotated =
        kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.RotateRefreshToken("r1", "r2", START + 2 * DAY, replyTo));

    assertEquals(Outcome.accepted(ALICE), rotated.reply());
    assertEquals(
        List.of(new Account.RefreshTokenRotated("r1", new Account.RefreshToken("r2", START + 2 * DAY), START)),
        rotated.events());
    assertEquals(
        List.of(new Account.RefreshToken("r2", START + 2 * DAY)),
        rotated.stateOfType(Account.Active.class).refreshTokens());
  }

  @Test
  void rejectsRotationOfASpentTokenAsUnauthorizedAndTheNewOneStillRotates() {
    register();
    issue("r1", START + DAY);
    assertEquals(ALICE, accepted(rotate("r1", "r2")));

    var replay =
        kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.RotateRefreshToken("r1", "r-attacker", START + DAY, replyTo));

    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(replay.reply()));
    assertTrue(replay.hasNoEvents());
    assertEquals(ALICE, accepted(rotate("r2", "r3")));
  }

  @Test
  void rejectsRotationOfAnUnknownTokenAsUnauthorized() {
    register();
    issue("r1", START + DAY);

    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r-unknown", "r2")));
  }

  @Test
  void rejectsRotationOfAnExpiredTokenAsUnauthorized() {
    register();
    issue("r1", START + DAY);
    clock.advance(Duration.ofDays(1));

    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r1", "r2")));
  }

  @Test
  void tokensOfAnUnregisteredNameAreRefused() {
    var issue =
        kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.IssueRefreshToken("r1", START + DAY, replyTo));
    var rotate =
        kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.RotateRefreshToken("r1", "r2", START + DAY, replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(issue.reply()));
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate.reply()));
    assertTrue(issue.hasNoEvents() && rotate.hasNoEvents());
  }

  @Test
  void onlyTheNewestLiveTokensAreKept() {
    register();
    for (int i = 1; i <= MAX_TOKENS + 1; i++) {
      issue("r" + i, START + DAY);
    }

    assertEquals(MAX_TOKENS, ((Account.Active) kit.getState()).refreshTokens().size());
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r1", "r-new")));
    assertEquals(ALICE, accepted(rotate("r2", "r-new")));
  }

  @Test
  void expiredTokensDoNotTakeUpTheCap() {
    register();
    issue("r1", START + DAY);
    issue("short", START + 1000);
    issue("r2", START + DAY);
    clock.advance(Duration.ofSeconds(2));

    issue("r3", START + DAY); // the cap is reached only if the expired one counts

    assertEquals(
        List.of("r1", "r2", "r3"),
        ((Account.Active) kit.getState()).refreshTokens().stream().map(Account.RefreshToken::tokenId).toList());
    assertEquals(ALICE, accepted(rotate("r1", "r4")));
  }

  // Recovery

  @Test
  void restartKeepsCredentialsAndLiveTokens() {
    register();
    issue("r1", START + DAY);
    issue("r2", START + DAY);
    rotate("r1", "r3");
    Account.State before = kit.getState();

    assertEquals(before, kit.restart().state());
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r1", "r4")));
    assertEquals(ALICE, accepted(rotate("r3", "r4")));
  }

  @Test
  void tokenEvictedByTheCapStaysSpentAfterRecoveryAtALaterTime() {
    register();
    issue("r-a", START + 10 * DAY);
    issue("r-b", START + 10_000); // a shorter lifetime (TTL lowered, or another node's clock)
    issue("r-c", START + 10 * DAY);
    issue("r-d", START + 10 * DAY); // the cap (3) evicts r-a
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r-a", "r-x")));

    clock.advance(Duration.ofMinutes(1)); // r-b has expired
    kit.restart();

    // Replayed now, RefreshTokenIssued(r-d) finds r-b expired and keeps r-a instead.
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r-a", "r-x")));
  }

  @Test
  void repliesSerialize() {
    var serialization = testKit.serializationTestKit();
    serialization.verifySerialization(Outcome.accepted(ALICE), true);
    serialization.verifySerialization(Outcome.rejected(Outcome.Reason.UNAUTHORIZED, "refresh token is not valid"), true);
  }

  // Helpers

  private static void register() {
    accepted(
        kit.<Outcome<Account.Credentials>>runCommand(replyTo -> new Account.Register("u-alice", HASH, "Alice", replyTo))
            .reply());
  }

  private static void issue(String tokenId, long expiresAt) {
    accepted(
        kit.<Outcome<Account.Credentials>>runCommand(
                replyTo -> new Account.IssueRefreshToken(tokenId, expiresAt, replyTo))
            .reply());
  }

  private static Outcome<Account.Credentials> rotate(String oldTokenId, String newTokenId) {
    return kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.RotateRefreshToken(oldTokenId, newTokenId, clock.millis() + DAY, replyTo))
        .reply();
  }

}
