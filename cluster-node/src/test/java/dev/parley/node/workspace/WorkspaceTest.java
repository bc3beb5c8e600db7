package dev.parley.node.workspace;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import dev.parley.node.Acknowledged;
import dev.parley.node.Ids;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.testing.EntityTestConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Workspace entity: members and roles, invites, and the channel directory. */
class WorkspaceTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final long NOW = CLOCK.millis();
  private static final PersistFailureBackoff BACKOFF =
      new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
  private static final int MAX_INVITES = 3;

  private static final String WS = "wacme";
  private static final String OWNER = "u-owner";
  private static final String MEMBER = "u-member";
  private static final String OUTSIDER = "u-outsider";

  private static final AtomicInteger SECRETS = new AtomicInteger();

  private static ActorTestKit testKit;
  private static EventSourcedBehaviorTestKit<Workspace.Command, Workspace.Event, Workspace.State> kit;

  @BeforeAll
  static void startTestKit() {
    Config config = EntityTestConfig.config();
    testKit = ActorTestKit.create("WorkspaceTest", config);
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Workspace.create(
                WS,
                new Workspace.Settings(100, MAX_INVITES, Duration.ofHours(1), BACKOFF),
                () -> "s" + SECRETS.incrementAndGet(),
                (workspaceId, pending) -> {
                  throw new AssertionError("no creation is left pending for an hour here");
                },
                CLOCK),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  @AfterAll
  static void stopTestKit() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
    SECRETS.set(0);
  }

  // Creation

  @Test
  void createMakesTheCreatorTheOwner() {
    var result =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Create("Acme", OWNER, "olga", replyTo));

    assertEquals(new Workspace.Summary(WS, "Acme", Role.OWNER), accepted(result.reply()));
    assertEquals(List.of(new Workspace.Created(WS, "Acme", OWNER, "olga", NOW)), result.events());
    Workspace.Active state = result.stateOfType(Workspace.Active.class);
    assertEquals(Map.of(OWNER, new Workspace.Member(OWNER, "olga", Role.OWNER)), state.members());
    assertTrue(state.invites().isEmpty());
    assertTrue(state.channels().isEmpty());
  }

  @Test
  void repeatedCreateByTheOwnerWithTheSameNameIsAnsweredWithoutNewEvents() {
    create();

    var again =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Create("Acme", OWNER, "olga", replyTo));

    assertEquals(new Workspace.Summary(WS, "Acme", Role.OWNER), accepted(again.reply()));
    assertTrue(again.hasNoEvents());
  }

  @Test
  void createOfAnExistingWorkspaceByAnotherRequestIsAConflict() {
    create();

    var otherOwner =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Create("Acme", OUTSIDER, "oscar", replyTo));
    var otherName =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Create("Other", OWNER, "olga", replyTo));

    assertEquals(Outcome.Reason.CONFLICT, reason(otherOwner.reply()));
    assertEquals(Outcome.Reason.CONFLICT, reason(otherName.reply()));
    assertTrue(otherOwner.hasNoEvents() && otherName.hasNoEvents());
  }

  @Test
  void everythingButCreateIsNotFoundBeforeTheWorkspaceExists() {
    List<Outcome<?>> replies =
        List.of(
            kit.<Outcome<Workspace.Invite>>runCommand(replyTo -> new Workspace.CreateInvite(OWNER, replyTo)).reply(),
            kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join("s1", OWNER, "olga", replyTo))
                .reply(),
            kit.<Outcome<Workspace.Members>>runCommand(replyTo -> new Workspace.GetMembers(OWNER, replyTo)).reply(),
            kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.GetMembership(OWNER, replyTo)).reply(),
            kit.<Outcome<Workspace.ChannelEntry>>runCommand(
                    replyTo -> new Workspace.RegisterChannel(OWNER, "c1", "general", ChannelKind.PUBLIC, "", replyTo))
                .reply(),
            kit.<Outcome<Workspace.Directory>>runCommand(replyTo -> new Workspace.ListChannels(OWNER, replyTo))
                .reply());

    for (Outcome<?> reply : replies) {
      assertEquals(Outcome.Reason.NOT_FOUND, reason(reply));
    }
    assertInstanceOf(Workspace.Empty.class, kit.getState());
  }

  // Invites

  @Test
  void ownerCreatesAnInviteCodeNamingTheWorkspace() {
    create();

    var result = kit.<Outcome<Workspace.Invite>>runCommand(replyTo -> new Workspace.CreateInvite(OWNER, replyTo));

    assertEquals(new Workspace.Invite(WS + "-s1"), accepted(result.reply()));
    assertEquals(List.of(new Workspace.InviteIssued("s1", OWNER, NOW, null, null)), result.events());
    assertEquals(List.of("s1"), result.stateOfType(Workspace.Active.class).invites());
  }

  @Test
  void inviteCreatedDoesNotShowItsSecretInToString() {
    assertFalse(new Workspace.InviteCreated("very-secret", OWNER, NOW).toString().contains("very-secret"));
  }

  @Test
  void rejectsInviteByPlainMemberAsForbidden() {
    create();
    joinAsMember();

    var result = kit.<Outcome<Workspace.Invite>>runCommand(replyTo -> new Workspace.CreateInvite(MEMBER, replyTo));

    assertEquals(Outcome.Reason.FORBIDDEN, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void rejectsInviteByOutsiderAsNotFound() {
    create();

    var result = kit.<Outcome<Workspace.Invite>>runCommand(replyTo -> new Workspace.CreateInvite(OUTSIDER, replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void joinWithAValidSecretMakesAMember() {
    create();
    String secret = secretOf(invite());

    var result =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join(secret, MEMBER, "mia", replyTo));

    assertEquals(new Workspace.Summary(WS, "Acme", Role.MEMBER), accepted(result.reply()));
    assertEquals(
        List.of(new Workspace.MemberJoined(MEMBER, "mia", Role.MEMBER, NOW), new Workspace.InviteUsed(secret, MEMBER, NOW)),
        result.events());
    assertEquals(
        new Workspace.Member(MEMBER, "mia", Role.MEMBER), result.stateOfType(Workspace.Active.class).members().get(MEMBER));
  }

  @Test
  void rejectsJoinWithAnUnknownSecretAsNotFound() {
    create();
    invite();

    var result =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join("guessed", MEMBER, "mia", replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void repeatedJoinIsAnsweredWithTheMembershipWithoutNewEvents() {
    create();
    joinAsMember();

    var again =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join("whatever", MEMBER, "mia", replyTo));

    assertEquals(new Workspace.Summary(WS, "Acme", Role.MEMBER), accepted(again.reply()));
    assertTrue(again.hasNoEvents());
  }

  @Test
  void onlyTheNewestInvitesStayValid() {
    create();
    String oldest = secretOf(invite());
    for (int i = 0; i < MAX_INVITES; i++) {
      invite();
    }
    String newest = "s" + (MAX_INVITES + 1);

    var withOldest =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join(oldest, MEMBER, "mia", replyTo));
    var withNewest =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join(newest, MEMBER, "mia", replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(withOldest.reply()));
    assertEquals(Role.MEMBER, accepted(withNewest.reply()).role());
    assertEquals(MAX_INVITES, ((Workspace.Active) kit.getState()).invites().size());
  }

  @Test
  void inviteCodeSplitsBackIntoWorkspaceIdAndSecret() {
    String workspaceId = Ids.workspace();
    String secret = Ids.random('s');

    String[] parts = Workspace.splitInviteCode(Workspace.inviteCode(workspaceId, secret));

    assertArrayEquals(new String[] {workspaceId, secret}, parts);
    assertArrayEquals(new String[] {"w1", "with-dash"}, Workspace.splitInviteCode(Workspace.inviteCode("w1", "with-dash")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "nodash", "-secret", "workspace-"})
  void malformedInviteCodesDoNotSplit(String code) {
    assertNull(Workspace.splitInviteCode(code));
  }

  // Members

  @Test
  void membersAreListedSortedByUsername() {
    kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Create("Acme", OWNER, "mallory", replyTo));
    join("u-zed", "zed");
    join("u-bob", "bob");
    join("u-kim", "kim");

    var result = kit.<Outcome<Workspace.Members>>runCommand(replyTo -> new Workspace.GetMembers("u-zed", replyTo));

    assertEquals(
        List.of(
            new Workspace.Member("u-bob", "bob", Role.MEMBER),
            new Workspace.Member("u-kim", "kim", Role.MEMBER),
            new Workspace.Member(OWNER, "mallory", Role.OWNER),
            new Workspace.Member("u-zed", "zed", Role.MEMBER)),
        accepted(result.reply()).members());
  }

  @Test
  void membershipGivesTheCallersRole() {
    create();
    joinAsMember();

    var owner = kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.GetMembership(OWNER, replyTo));
    var member = kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.GetMembership(MEMBER, replyTo));

    assertEquals(new Workspace.Summary(WS, "Acme", Role.OWNER), accepted(owner.reply()));
    assertEquals(new Workspace.Summary(WS, "Acme", Role.MEMBER), accepted(member.reply()));
  }

  // Channel directory

  @Test
  void registerChannelReservesTheNameAndLeavesTheChannelPending() {
    create();
    joinAsMember();

    var result =
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
            replyTo -> new Workspace.RegisterChannel(MEMBER, "c1", "general", ChannelKind.PUBLIC, "news", replyTo));

    Workspace.ChannelEntry entry = new Workspace.ChannelEntry("c1", "general", ChannelKind.PUBLIC, MEMBER);
    assertEquals(entry, accepted(result.reply()));
    assertEquals(List.of(new Workspace.ChannelReserved(entry, "news", NOW)), result.events());
    Workspace.Active state = result.stateOfType(Workspace.Active.class);
    assertEquals(Map.of("general", entry), state.channels());
    assertEquals(Map.of("c1", new Workspace.PendingChannel(entry, "news", NOW)), state.pending());
  }

  @Test
  void aPendingChannelIsNotListedUntilItIsCompleted() {
    create();
    accepted(
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
                replyTo -> new Workspace.RegisterChannel(OWNER, "c1", "general", ChannelKind.PUBLIC, "", replyTo))
            .reply());
    assertEquals(List.of(), directory().channels());

    var completed =
        kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.CompleteChannel("c1", replyTo));

    accepted(completed.reply());
    assertEquals(List.of(new Workspace.ChannelCompleted("c1", NOW)), completed.events());
    assertEquals(Map.of(), completed.stateOfType(Workspace.Active.class).pending());
    assertEquals(
        List.of(new Workspace.ChannelEntry("c1", "general", ChannelKind.PUBLIC, OWNER)), directory().channels());
    assertTrue(
        kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.CompleteChannel("c1", replyTo))
            .hasNoEvents(),
        "completing twice changes nothing");
  }

  @Test
  void registerChannelRetriedByTheSameCreatorIsAConflict() {
    create();
    register(OWNER, "c1", "general", ChannelKind.PRIVATE);

    var retry =
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
            replyTo -> new Workspace.RegisterChannel(OWNER, "c2", "general", ChannelKind.PRIVATE, "", replyTo));

    assertEquals(Outcome.Reason.CONFLICT, reason(retry.reply()));
    assertTrue(retry.hasNoEvents());
  }

  @Test
  void rejectsRegisteringATakenNameForAnotherCreatorAsConflict() {
    create();
    joinAsMember();
    register(OWNER, "c1", "general", ChannelKind.PUBLIC);

    var result =
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
            replyTo -> new Workspace.RegisterChannel(MEMBER, "c2", "general", ChannelKind.PUBLIC, "", replyTo));

    assertEquals(Outcome.Reason.CONFLICT, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void rejectsRegisteringATakenNameWithAnotherKindAsConflict() {
    create();
    register(OWNER, "c1", "general", ChannelKind.PUBLIC);

    var result =
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
            replyTo -> new Workspace.RegisterChannel(OWNER, "c2", "general", ChannelKind.PRIVATE, "", replyTo));

    assertEquals(Outcome.Reason.CONFLICT, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void listChannelsGivesTheDirectorySortedByName() {
    create();
    joinAsMember();
    register(OWNER, "c1", "random", ChannelKind.PUBLIC);
    register(MEMBER, "c2", "announcements", ChannelKind.PUBLIC);
    register(OWNER, "c3", "leads", ChannelKind.PRIVATE);

    var result = kit.<Outcome<Workspace.Directory>>runCommand(replyTo -> new Workspace.ListChannels(MEMBER, replyTo));

    assertEquals(
        List.of(
            new Workspace.ChannelEntry("c2", "announcements", ChannelKind.PUBLIC, MEMBER),
            new Workspace.ChannelEntry("c3", "leads", ChannelKind.PRIVATE, OWNER),
            new Workspace.ChannelEntry("c1", "random", ChannelKind.PUBLIC, OWNER)),
        accepted(result.reply()).channels());
  }

  @Test
  void aChannelRegisteredByAnEarlierVersionIsListedAndItsNameTaken() {
    Workspace.ChannelEntry entry = new Workspace.ChannelEntry("c1", "general", ChannelKind.PUBLIC, OWNER);
    kit.initialize(
        new Workspace.Created(WS, "Acme", OWNER, "olga", NOW), new Workspace.ChannelRegistered(entry, NOW));

    assertEquals(List.of(entry), directory().channels());
    var again =
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
            replyTo -> new Workspace.RegisterChannel(OWNER, "c2", "general", ChannelKind.PUBLIC, "", replyTo));
    assertEquals(Outcome.Reason.CONFLICT, reason(again.reply()));
  }

  // Outsiders

  @Test
  void outsiderGetsNotFoundForEverything() {
    create();
    joinAsMember();
    register(OWNER, "c1", "general", ChannelKind.PUBLIC);
    Workspace.State before = kit.getState();

    List<Outcome<?>> replies =
        List.of(
            kit.<Outcome<Workspace.Invite>>runCommand(replyTo -> new Workspace.CreateInvite(OUTSIDER, replyTo)).reply(),
            kit.<Outcome<Workspace.Summary>>runCommand(
                    replyTo -> new Workspace.Join("not-an-invite", OUTSIDER, "oscar", replyTo))
                .reply(),
            kit.<Outcome<Workspace.Members>>runCommand(replyTo -> new Workspace.GetMembers(OUTSIDER, replyTo)).reply(),
            kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.GetMembership(OUTSIDER, replyTo))
                .reply(),
            kit.<Outcome<Workspace.ChannelEntry>>runCommand(
                    replyTo -> new Workspace.RegisterChannel(OUTSIDER, "c9", "other", ChannelKind.PUBLIC, "", replyTo))
                .reply(),
            kit.<Outcome<Workspace.Directory>>runCommand(replyTo -> new Workspace.ListChannels(OUTSIDER, replyTo))
                .reply());

    for (Outcome<?> reply : replies) {
      assertEquals(Outcome.Reason.NOT_FOUND, reason(reply));
    }
    assertEquals(before, kit.getState());
  }

  // Recovery

  @Test
  void restartRecoversMembersInvitesAndChannels() {
    create();
    joinAsMember();
    invite();
    register(MEMBER, "c1", "general", ChannelKind.PUBLIC);
    Workspace.State before = kit.getState();

    assertEquals(before, kit.restart().state());
    var again =
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join("s2", "u-new", "nina", replyTo));
    assertEquals(Role.MEMBER, accepted(again.reply()).role());
  }

  @Test
  void repliesSerialize() {
    var serialization = testKit.serializationTestKit();
    List<Object> replies =
        List.of(
            Outcome.accepted(new Workspace.Summary(WS, "Acme", Role.ADMIN)),
            Outcome.accepted(new Workspace.Invite(WS + "-s1")),
            Outcome.accepted(new Workspace.Members(List.of(new Workspace.Member(OWNER, "olga", Role.OWNER)))),
            Outcome.accepted(
                new Workspace.Directory(List.of(new Workspace.ChannelEntry("c1", "general", ChannelKind.DM, OWNER)))),
            Outcome.notFound("no such workspace"));
    for (Object reply : replies) {
      serialization.verifySerialization(reply, true);
    }
  }

  // Helpers

  private static void create() {
    accepted(
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Create("Acme", OWNER, "olga", replyTo))
            .reply());
  }

  private static String invite() {
    return accepted(
            kit.<Outcome<Workspace.Invite>>runCommand(replyTo -> new Workspace.CreateInvite(OWNER, replyTo)).reply())
        .code();
  }

  private static String secretOf(String code) {
    String[] parts = Workspace.splitInviteCode(code);
    assertEquals(WS, parts[0]);
    return parts[1];
  }

  private static void join(String userId, String username) {
    String secret = secretOf(invite());
    accepted(
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join(secret, userId, username, replyTo))
            .reply());
  }

  private static void joinAsMember() {
    join(MEMBER, "mia");
  }

  /** Reserves a channel's name and completes it, as the creator's request does. */
  private static void register(String userId, String channelId, String name, ChannelKind kind) {
    accepted(
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
                replyTo -> new Workspace.RegisterChannel(userId, channelId, name, kind, "", replyTo))
            .reply());
    accepted(
        kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.CompleteChannel(channelId, replyTo))
            .reply());
  }

  private static Workspace.Directory directory() {
    return accepted(
        kit.<Outcome<Workspace.Directory>>runCommand(replyTo -> new Workspace.ListChannels(OWNER, replyTo)).reply());
  }

}
