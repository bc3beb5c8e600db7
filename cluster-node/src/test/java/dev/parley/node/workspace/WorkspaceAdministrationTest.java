package dev.parley.node.workspace;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Workspace's owner and admin commands: invites with terms (expiry, a use limit, revocation,
 * each refused with its own message), removing members, transferring the ownership, renaming,
 * and dropping deleted channels from the directory. Events and snapshots go through the
 * serializer, so what is written is what replays.
 */
class WorkspaceAdministrationTest {
  private static final long START = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
  private static final ManualClock CLOCK = new ManualClock(START);
  private static final int MAX_INVITES = 3;
  private static final String WS = "wacme";
  private static final String OWNER = "u-owner";
  private static final String ADMIN = "u-admin";
  private static final String MEMBER = "u-member";
  private static final AtomicInteger SECRETS = new AtomicInteger();

  private static ActorTestKit testKit;
  private static EventSourcedBehaviorTestKit<Workspace.Command, Workspace.Event, Workspace.State> kit;

  @BeforeAll
  static void startTestKit() {
    Config config = EntityTestConfig.config();
    testKit = ActorTestKit.create("WorkspaceAdministrationTest", config);
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Workspace.create(
                WS,
                new Workspace.Settings(
                    4, MAX_INVITES, Duration.ofHours(1), new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2)),
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
    CLOCK.set(START);
    accepted(kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Create("Acme", OWNER, "olga", replyTo)).reply());
    join(ADMIN, "ada", invite(null, null));
    join(MEMBER, "mia", invite(null, null));
    accepted(kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.SetRole(OWNER, ADMIN, Role.ADMIN, replyTo)).reply());
  }

  private static String invite(Long expiresInMillis, Integer maxUses) {
    String code =
        accepted(
                kit.<Outcome<Workspace.Invite>>runCommand(replyTo -> new Workspace.IssueInvite(OWNER, expiresInMillis, maxUses, replyTo))
                    .reply())
            .code();
    return Workspace.splitInviteCode(code)[1];
  }

  private static Outcome<Workspace.Summary> join(String userId, String username, String secret) {
    return kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Join(secret, userId, username, replyTo)).reply();
  }

  private static String refusal(Outcome<?> outcome) {
    return ((Outcome.Rejected<?>) outcome).message();
  }

  private static Workspace.Active state() {
    return (Workspace.Active) kit.getState();
  }

  @Test
  void anInviteWorksUntilItExpires() {
    String secret = invite(Duration.ofMinutes(10).toMillis(), null);
    accepted(join("u-1", "one", secret));
    CLOCK.advance(Duration.ofMinutes(10));

    Outcome<Workspace.Summary> late = join("u-2", "two", secret);
    assertEquals("this invite has expired", refusal(late));
    var check = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.CheckInvite(secret, replyTo)).reply();
    assertEquals("this invite has expired", refusal(check));
  }

  @Test
  void anInviteWithAUseLimitIsUsedUpAndARepeatedJoinUsesNothing() {
    String secret = invite(null, 2);
    accepted(join("u-1", "one", secret));
    accepted(join("u-1", "one", secret));
    accepted(join("u-2", "two", secret));

    assertEquals("this invite has been used up", refusal(join("u-3", "three", secret)));
    assertEquals(2, state().inviteTerms().get(secret).uses());
  }

  @Test
  void aRevokedInviteIsRefusedAsRevokedAndNotListed() {
    String secret = invite(null, null);
    var revoke = kit.<Outcome<InviteTerms>>runCommand(replyTo -> new Workspace.RevokeInvite(ADMIN, secret, replyTo));
    assertEquals(OWNER, accepted(revoke.reply()).createdBy());
    var again = kit.<Outcome<InviteTerms>>runCommand(replyTo -> new Workspace.RevokeInvite(ADMIN, secret, replyTo));
    assertTrue(again.hasNoEvents(), "revoking twice is one revocation");

    assertEquals("this invite was revoked", refusal(join("u-1", "one", secret)));
    var list = kit.<Outcome<Workspace.InviteList>>runCommand(replyTo -> new Workspace.ListInvites(OWNER, replyTo));
    assertFalse(accepted(list.reply()).invites().stream().anyMatch(i -> i.code().endsWith("-" + secret)));
    var byMember = kit.<Outcome<Workspace.InviteList>>runCommand(replyTo -> new Workspace.ListInvites(MEMBER, replyTo));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(byMember.reply()));
    var unknown = kit.<Outcome<InviteTerms>>runCommand(replyTo -> new Workspace.RevokeInvite(OWNER, "nope", replyTo));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(unknown.reply()));
  }

  @Test
  void theTermsOfInvitesPushedOutByNewerOnesAreDropped() {
    String oldest = invite(null, 5);
    for (int i = 0; i < MAX_INVITES; i++) {
      invite(null, 5);
    }
    assertNull(state().inviteTerms().get(oldest));
    assertEquals(MAX_INVITES, state().inviteTerms().size());
    assertEquals("invalid invite code", refusal(join("u-1", "one", oldest)));
  }

  @Test
  void ownersAndAdminsRemoveMembersButNotTheOwnerThemselvesOrAnAdminUnlessOwner() {
    assertEquals(Outcome.Reason.FORBIDDEN, reason(remove(MEMBER, ADMIN)));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(remove(ADMIN, OWNER)));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(remove(OWNER, OWNER)));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(remove("u-outsider", MEMBER)));
    var check = kit.<Outcome<Workspace.Member>>runCommand(replyTo -> new Workspace.CheckRemoval(ADMIN, MEMBER, replyTo));
    assertTrue(check.hasNoEvents());
    assertEquals("mia", accepted(check.reply()).username());

    assertEquals("mia", accepted(remove(ADMIN, MEMBER)).username());
    assertNull(state().roleOf(MEMBER));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(remove(ADMIN, MEMBER)), "removed already");
    assertEquals("ada", accepted(remove(OWNER, ADMIN)).username());
  }

  private static Outcome<Workspace.Member> remove(String by, String member) {
    return kit.<Outcome<Workspace.Member>>runCommand(replyTo -> new Workspace.RemoveMember(by, member, replyTo)).reply();
  }

  @Test
  void theOwnerHandsTheWorkspaceOnAndBecomesAnAdmin() {
    var byAdmin = kit.<Outcome<Workspace.MembersOf>>runCommand(replyTo -> new Workspace.TransferOwnership(ADMIN, MEMBER, replyTo));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(byAdmin.reply()));

    var result = kit.<Outcome<Workspace.MembersOf>>runCommand(replyTo -> new Workspace.TransferOwnership(OWNER, MEMBER, replyTo));
    assertEquals(
        List.of(new Workspace.Member(MEMBER, "mia", Role.OWNER), new Workspace.Member(OWNER, "olga", Role.ADMIN)),
        accepted(result.reply()).members());
    assertEquals(Role.OWNER, state().roleOf(MEMBER));
    assertEquals(Role.ADMIN, state().roleOf(OWNER));
  }

  @Test
  void ownersAndAdminsRenameTheWorkspace() {
    var byMember = kit.<Outcome<Workspace.MembersOf>>runCommand(replyTo -> new Workspace.Rename(MEMBER, "Mine", replyTo));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(byMember.reply()));
    var result = kit.<Outcome<Workspace.MembersOf>>runCommand(replyTo -> new Workspace.Rename(ADMIN, "Acme Two", replyTo));
    assertEquals("Acme Two", accepted(result.reply()).name());
    assertEquals(3, accepted(result.reply()).members().size());
    assertEquals("Acme Two", state().name());
    var again = kit.<Outcome<Workspace.MembersOf>>runCommand(replyTo -> new Workspace.Rename(ADMIN, "Acme Two", replyTo));
    assertTrue(again.hasNoEvents());
  }

  @Test
  void aDroppedChannelFreesItsName() {
    accepted(
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
                replyTo -> new Workspace.RegisterChannel(MEMBER, "c1", "general", ChannelKind.PUBLIC, "", replyTo))
            .reply());
    var byMember = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.DropChannel(MEMBER, "c1", replyTo));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(byMember.reply()));

    accepted(kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.DropChannel(ADMIN, "c1", replyTo)).reply());
    assertTrue(state().channels().isEmpty());
    assertTrue(state().pending().isEmpty());
    var again = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.DropChannel(ADMIN, "c1", replyTo));
    assertTrue(again.hasNoEvents(), "dropped already");
    accepted(
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
                replyTo -> new Workspace.RegisterChannel(MEMBER, "c2", "general", ChannelKind.PUBLIC, "", replyTo))
            .reply());
  }

  @Test
  void aRenamedChannelTakesAFreeNameAndFreesItsOldOne() {
    for (String[] channel : new String[][] {{"c1", "general"}, {"c2", "random"}}) {
      accepted(
          kit.<Outcome<Workspace.ChannelEntry>>runCommand(
                  replyTo -> new Workspace.RegisterChannel(OWNER, channel[0], channel[1], ChannelKind.PUBLIC, "", replyTo))
              .reply());
      accepted(kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.CompleteChannel(channel[0], replyTo)).reply());
    }
    var taken = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.RenameChannel(ADMIN, "c1", "random", replyTo));
    assertEquals(Outcome.Reason.CONFLICT, reason(taken.reply()));
    var byMember = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.RenameChannel(MEMBER, "c1", "town", replyTo));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(byMember.reply()));

    accepted(kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.RenameChannel(ADMIN, "c1", "town", replyTo)).reply());
    assertEquals("c1", state().channels().get("town").channelId());
    assertFalse(state().channels().containsKey("general"));
    var again = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.RenameChannel(ADMIN, "c1", "town", replyTo));
    assertTrue(again.hasNoEvents(), "a retry of the same rename");
    var unknown = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new Workspace.RenameChannel(ADMIN, "c9", "x", replyTo));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(unknown.reply()));
  }

  @Test
  void everythingSurvivesARestartFromEventsAndSnapshots() {
    String secret = invite(Duration.ofHours(1).toMillis(), 3);
    accepted(join("u-1", "one", secret));
    kit.<Outcome<Workspace.MembersOf>>runCommand(replyTo -> new Workspace.Rename(OWNER, "Renamed", replyTo));
    Workspace.Active before = state();
    kit.restart();
    assertEquals(before.inviteTerms(), state().inviteTerms());
    assertEquals("Renamed", state().name());
  }
}
