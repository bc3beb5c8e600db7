package dev.parley.node.account;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.Config;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Account entity: registration, credentials, single-use refresh tokens, their families (a
 * spent token spent again revokes its family), logout, and events and snapshots written before
 * families existed.
 */
class AccountTest {
  private static final long START = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final PersistFailureBackoff BACKOFF =
      new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
  private static final int MAX_TOKENS = 3;
  private static final Duration GRACE = Duration.ofSeconds(10);

  private static final String HASH = "$2b$04$abcdefghijklmnopqrstuuJ0iP8b6Hk0sC4vY8x7w6v5u4t3s2r1q";
  private static final Account.Credentials ALICE = new Account.Credentials("u-alice", "alice", HASH, "Alice");

  private static ActorTestKit testKit;
  private static ManualClock clock;
  private static EventSourcedBehaviorTestKit<Account.Command, Account.Event, Account.State> kit;
  /** The family each token belongs to, as its signed claims would say. */
  private static final Map<String, String> FAMILIES = new HashMap<>();

  @BeforeAll
  static void startTestKit() {
    Config config = EntityTestConfig.config();
    testKit = ActorTestKit.create("AccountTest", config);
    clock = new ManualClock(START);
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Account.create("alice", new Account.Settings(50, MAX_TOKENS, GRACE, BACKOFF), clock),
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
    FAMILIES.clear();
  }

  // Registration

  @Test
  void registerStoresTheCredentialsUnderTheEntitysUsername() {
    var result =
        kit.<Outcome<Account.Credentials>>runCommand(
            replyTo -> new Account.Register("u-alice", HASH, "Alice", replyTo));

    assertEquals(Outcome.accepted(ALICE), result.reply());
    assertEquals(List.of(new Account.Registered("u-alice", "alice", HASH, "Alice", START)), result.events());
    assertEquals(new Account.Active(ALICE, List.of(), List.of()), result.state());
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
    var state = new Account.Active(ALICE, List.of(token("r1", START + DAY)), List.of());

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
            replyTo -> new Account.IssueRefreshToken(token("r1", START + DAY), replyTo));

    assertEquals(Outcome.accepted(ALICE), result.reply());
    assertEquals(List.of(new Account.RefreshTokenIssued(token("r1", START + DAY), START)), result.events());
    assertEquals(List.of(token("r1", START + DAY)), result.stateOfType(Account.Active.class).refreshTokens());
  }

  @Test
  void rotationSpendsTheOldTokenAndMakesTheNewOneLive() {
    register();
    issue("r1", START + DAY);

    var next = new Account.RefreshToken("r2", START + 2 * DAY, "f-r1");
    var rotated =
        kit.<Outcome<Account.Credentials>>runCommand(replyTo -> new Account.RotateRefreshToken("r1", next, replyTo));

    assertEquals(Outcome.accepted(ALICE), rotated.reply());
    assertEquals(List.of(new Account.RefreshTokenRotated("r1", next, START)), rotated.events());
    assertEquals(
        new Account.Active(ALICE, List.of(next), List.of(new Account.SpentToken("r1", "f-r1", START))),
        rotated.state());
  }

  @Test
  void aSpentTokenSpentAgainRevokesItsFamilySoItsNewestTokenIsRefusedToo() {
    register();
    issue("r1", START + DAY);
    issue("other-login", START + DAY);
    accepted(rotate("r1", "r2"));
    accepted(rotate("r2", "r3"));

    var reuse = rotateResult("r1", "r-attacker");

    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(reuse.reply()));
    assertEquals(
        List.of(new Account.RefreshTokenFamilyRevoked("f-r1", Account.Revocation.REUSE, START)), reuse.events());
    assertEquals(List.of("other-login"), tokenIds());
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r3", "r4")));
    assertEquals(ALICE, accepted(rotate("other-login", "other-next")));
  }

  @Test
  void theTokenALastRotationSpentIsOnlyRefusedWithinTheGraceAndRevokesAfterIt() {
    register();
    issue("r1", START + DAY);
    accepted(rotate("r1", "r2"));
    clock.advance(GRACE.minusMillis(1));

    var raced = rotateResult("r1", "r-loser");

    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(raced.reply()));
    assertTrue(raced.hasNoEvents());
    clock.advance(Duration.ofMillis(1));
    assertEquals(Account.Revocation.REUSE, ((Account.RefreshTokenFamilyRevoked) rotateResult("r1", "r-thief").event()).cause());
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r2", "r3")));
  }

  @Test
  void anOlderSpentTokenOfTheFamilyRevokesItWithinTheGraceToo() {
    register();
    issue("r1", START + DAY);
    accepted(rotate("r1", "r2"));
    accepted(rotate("r2", "r3"));

    assertEquals(1, rotateResult("r1", "r-thief").events().size());
    assertEquals(List.of(), tokenIds());
  }

  @Test
  void aTokenOfARevokedFamilyIsRefusedWithoutAnotherEvent() {
    register();
    issue("r1", START + DAY);
    accepted(rotate("r1", "r2"));
    clock.advance(GRACE);
    rotateResult("r1", "r-thief");

    var again = rotateResult("r1", "r-thief-again");

    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(again.reply()));
    assertTrue(again.hasNoEvents());
  }

  @Test
  void logoutRevokesTheFamilyOfTheTokenAndNoOtherAndIsIdempotent() {
    register();
    issue("r1", START + DAY);
    issue("other-login", START + DAY);
    accepted(rotate("r1", "r2"));

    var logout = kit.<Outcome<Account.Revoked>>runCommand(replyTo -> new Account.RevokeRefreshTokenFamily("f-r1", replyTo));

    assertEquals(Outcome.accepted(new Account.Revoked(1)), logout.reply());
    assertEquals(List.of(new Account.RefreshTokenFamilyRevoked("f-r1", Account.Revocation.LOGOUT, START)), logout.events());
    assertEquals(List.of("other-login"), tokenIds());
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r2", "r3")));
    var again = kit.<Outcome<Account.Revoked>>runCommand(replyTo -> new Account.RevokeRefreshTokenFamily("f-r1", replyTo));
    assertEquals(Outcome.accepted(new Account.Revoked(0)), again.reply());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void logoutEverywhereRevokesEveryFamily() {
    register();
    issue("r1", START + DAY);
    issue("r2", START + DAY);
    accepted(rotate("r2", "r3"));

    var logout = kit.<Outcome<Account.Revoked>>runCommand(Account.RevokeAllRefreshTokens::new);

    assertEquals(Outcome.accepted(new Account.Revoked(2)), logout.reply());
    assertEquals(List.of(new Account.AllRefreshTokensRevoked(START)), logout.events());
    assertEquals(new Account.Active(ALICE, List.of(), List.of()), logout.state());
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r1", "r4")));
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r3", "r4")));
    var again = kit.<Outcome<Account.Revoked>>runCommand(Account.RevokeAllRefreshTokens::new);
    assertEquals(Outcome.accepted(new Account.Revoked(0)), again.reply());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void logoutOfAnUnregisteredNameRevokesNothing() {
    var family = kit.<Outcome<Account.Revoked>>runCommand(replyTo -> new Account.RevokeRefreshTokenFamily("f-r1", replyTo));
    var all = kit.<Outcome<Account.Revoked>>runCommand(Account.RevokeAllRefreshTokens::new);

    assertEquals(Outcome.accepted(new Account.Revoked(0)), family.reply());
    assertEquals(Outcome.accepted(new Account.Revoked(0)), all.reply());
    assertTrue(family.hasNoEvents() && all.hasNoEvents());
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
            replyTo -> new Account.IssueRefreshToken(token("r1", START + DAY), replyTo));
    var rotate = rotateResult("r1", "r2");

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

    assertEquals(List.of("r1", "r2", "r3"), tokenIds());
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
  void restartKeepsRevocationsAndTheSpentTokensOfLiveFamilies() {
    register();
    issue("r1", START + DAY);
    issue("r2", START + DAY);
    accepted(rotate("r2", "r4"));
    accepted(rotate("r4", "r5"));
    rotateResult("r2", "r-thief");
    accepted(rotate("r1", "r3"));
    Account.State before = kit.getState();

    assertEquals(before, kit.restart().state());
    assertEquals(List.of("r3"), tokenIds());
    assertTrue(rotateResult("r1", "r-loser").hasNoEvents()); // still within r3's rotation grace
  }

  /**
   * A node of the version before families wrote tokens without {@code familyId}, and snapshots
   * without {@code spentTokens}: they still replay, and each such token is its own family.
   */
  @Test
  void eventsWrittenBeforeFamiliesReplayAndEachOldTokenIsItsOwnFamily() {
    Account.RefreshTokenIssued old =
        writtenWithout(new Account.RefreshTokenIssued(new Account.RefreshToken("r-old", START + DAY, "f-x"), START), "familyId");
    assertNull(old.token().familyId());
    kit.initialize(new Account.Registered("u-alice", "alice", HASH, "Alice", START), old);
    kit.restart();

    FAMILIES.put("r-old", "r-old");
    assertEquals(ALICE, accepted(rotate("r-old", "r-new")));
    assertEquals(List.of(new Account.RefreshToken("r-new", clock.millis() + DAY, "r-old")), refreshTokens());
    clock.advance(GRACE);
    assertEquals(
        List.of(new Account.RefreshTokenFamilyRevoked("r-old", Account.Revocation.REUSE, clock.millis())),
        rotateResult("r-old", "r-thief").events());
    assertEquals(Outcome.Reason.UNAUTHORIZED, reason(rotate("r-new", "r-next")));
  }

  @Test
  void aSnapshotTakenBeforeFamiliesRecovers() {
    Account.Active snapshot =
        writtenWithout(
            new Account.Active(
                ALICE, List.of(new Account.RefreshToken("r-old", START + DAY, "f-x")), List.of(new Account.SpentToken("r0", "f-x", START))),
            "familyId",
            "spentTokens");
    assertEquals(new Account.Active(ALICE, List.of(new Account.RefreshToken("r-old", START + DAY, null)), List.of()), snapshot);
    kit.initialize(snapshot, new Account.RefreshTokenIssued(token("r2", START + DAY), START));
    kit.restart();

    assertEquals(List.of("r-old", "r2"), tokenIds());
    var logout = kit.<Outcome<Account.Revoked>>runCommand(replyTo -> new Account.RevokeRefreshTokenFamily("r-old", replyTo));
    assertEquals(Outcome.accepted(new Account.Revoked(1)), logout.reply());
    assertEquals(List.of("r2"), tokenIds());
  }

  @Test
  void repliesSerialize() {
    var serialization = testKit.serializationTestKit();
    serialization.verifySerialization(Outcome.accepted(ALICE), true);
    serialization.verifySerialization(Outcome.accepted(new Account.Revoked(2)), true);
    serialization.verifySerialization(Outcome.rejected(Outcome.Reason.UNAUTHORIZED, "refresh token is not valid"), true);
  }

  // Helpers

  private static void register() {
    accepted(
        kit.<Outcome<Account.Credentials>>runCommand(replyTo -> new Account.Register("u-alice", HASH, "Alice", replyTo))
            .reply());
  }

  /** A login's first token: a family of its own, named after it. */
  private static Account.RefreshToken token(String tokenId, long expiresAt) {
    FAMILIES.put(tokenId, "f-" + tokenId);
    return new Account.RefreshToken(tokenId, expiresAt, "f-" + tokenId);
  }

  private static void issue(String tokenId, long expiresAt) {
    accepted(
        kit.<Outcome<Account.Credentials>>runCommand(
                replyTo -> new Account.IssueRefreshToken(token(tokenId, expiresAt), replyTo))
            .reply());
  }

  /** Spends {@code oldTokenId} for {@code newTokenId}, of the family the old one's claims name. */
  private static EventSourcedBehaviorTestKit.CommandResultWithReply<
          Account.Command, Account.Event, Account.State, Outcome<Account.Credentials>>
      rotateResult(String oldTokenId, String newTokenId) {
    String family = FAMILIES.getOrDefault(oldTokenId, "f-" + oldTokenId);
    FAMILIES.put(newTokenId, family);
    var next = new Account.RefreshToken(newTokenId, clock.millis() + DAY, family);
    return kit.runCommand(replyTo -> new Account.RotateRefreshToken(oldTokenId, next, replyTo));
  }

  private static Outcome<Account.Credentials> rotate(String oldTokenId, String newTokenId) {
    return rotateResult(oldTokenId, newTokenId).reply();
  }

  private static List<Account.RefreshToken> refreshTokens() {
    return ((Account.Active) kit.getState()).refreshTokens();
  }

  private static List<String> tokenIds() {
    return refreshTokens().stream().map(Account.RefreshToken::tokenId).toList();
  }

  /**
   * {@code value} as an older version wrote it: serialized by the node's own serializer, the
   * {@code fields} it did not have yet removed at any depth, and read back.
   */
  @SuppressWarnings("unchecked")
  private static <T> T writtenWithout(T value, String... fields) {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    Serializer serializer = serialization.findSerializerFor(value);
    CBORMapper cbor = new CBORMapper();
    try {
      JsonNode tree = cbor.readTree(serializer.toBinary(value));
      removeEverywhere(tree, fields);
      return (T)
          serialization
              .deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(), Serializers.manifestFor(serializer, value))
              .get();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void removeEverywhere(JsonNode node, String... fields) {
    if (node instanceof ObjectNode object) {
      object.remove(List.of(fields));
    }
    node.forEach(child -> removeEverywhere(child, fields));
  }

}
