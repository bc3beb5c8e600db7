package dev.parley.node.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * A user's credentials, keyed by the normalized username: creating the entity reserves the name,
 * because only one actor ever decides for it. It also holds the ids of the user's live refresh
 * tokens: a refresh token works once, and rotating it replaces it with the next one.
 *
 * <p>Each login starts a family of refresh tokens, which rotation keeps. A spent token that comes
 * back while its family is still live was copied: the thief or the user holds the newest token,
 * and the entity cannot tell which, so the whole family is revoked and both must log in again.
 * Logging out revokes one family, or all of them.
 *
 * <p>States: {@link Unregistered} and {@link Active}. Password hashes never appear in
 * {@code toString}, so they cannot reach a log line.
 *
 * <p>This file is the entity's protocol, events and state, whose class names are on the wire and in
 * the journal; {@link AccountEntity} is its behaviour, with its command handlers by concern in
 * {@link RefreshTokens}, {@link Passwords} and {@link AccountAdministration}.
 */
public final class Account {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Account");

  // Commands

  public sealed interface Command extends CborSerializable {}

  /** {@code admin}: the account administers the deployment (the first account, or the bootstrap admin). */
  public record Register(
      String userId, String passwordHash, String displayName, boolean admin, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    public Register(String userId, String passwordHash, String displayName, ActorRef<Outcome<Credentials>> replyTo) {
      this(userId, passwordHash, displayName, false, replyTo);
    }

    @Override
    public String toString() {
      return "Register[userId=" + userId + "]";
    }
  }

  public record GetCredentials(ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  /** Makes the first token of a new family live: a login. */
  public record IssueRefreshToken(RefreshToken token, ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  /**
   * Spends {@code oldTokenId} and makes {@code next}, of the same family, live; {@code unauthorized}
   * if it is not live, and if it was spent before, its family is revoked.
   */
  public record RotateRefreshToken(String oldTokenId, RefreshToken next, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {}

  /** Logs one login out: its family's tokens stop working. Nothing to revoke is no error. */
  public record RevokeRefreshTokenFamily(String familyId, ActorRef<Outcome<Revoked>> replyTo) implements Command {}

  /** Logs out everywhere: every live token stops working. */
  public record RevokeAllRefreshTokens(ActorRef<Outcome<Revoked>> replyTo) implements Command {}

  /** Makes the account a deployment administrator or not; {@code by}: the administrator's user id. */
  public record SetAdmin(boolean admin, String by, ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  /** Deactivates the account (every login ends, none is allowed) or reactivates it. */
  public record SetDeactivated(boolean deactivated, String by, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {}

  /** An administrator's password reset: the hash of a token shown once, spendable once until {@code expiresAt}. */
  public record IssuePasswordReset(String tokenHash, long expiresAt, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "IssuePasswordReset[expiresAt=" + expiresAt + "]";
    }
  }

  /** Spends a reset token on a new password; every login ends. */
  public record RedeemPasswordReset(String tokenHash, String passwordHash, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "RedeemPasswordReset[]";
    }
  }

  /** The user's own new password (the edge checked the current one); logins but {@code keptFamily} end. */
  public record ChangePassword(String passwordHash, String keptFamily, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "ChangePassword[]";
    }
  }

  public record ChangeDisplayName(String displayName, ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  // Replies

  /**
   * {@code admin}: administers the deployment; {@code deactivated}: may not log in. Both are false
   * in events and snapshots written before they existed.
   */
  public record Credentials(
      String userId, String username, String passwordHash, String displayName, boolean admin, boolean deactivated)
      implements CborSerializable {
    public Credentials(String userId, String username, String passwordHash, String displayName) {
      this(userId, username, passwordHash, displayName, false, false);
    }

    Credentials with(String hash, String name, boolean isAdmin, boolean isDeactivated) {
      return new Credentials(userId, username, hash, name, isAdmin, isDeactivated);
    }

    @Override
    public String toString() {
      return "Credentials[userId=" + userId + ", username=" + username + ", admin=" + admin + ", deactivated=" + deactivated + "]";
    }
  }

  /** How many live families a revocation ended. */
  public record Revoked(int families) implements CborSerializable {}

  // Events

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = RefreshTokenIssued.class, name = "refresh-token-issued"),
    @JsonSubTypes.Type(value = RefreshTokenRotated.class, name = "refresh-token-rotated"),
    @JsonSubTypes.Type(value = RefreshTokenFamilyRevoked.class, name = "refresh-token-family-revoked"),
    @JsonSubTypes.Type(value = AllRefreshTokensRevoked.class, name = "all-refresh-tokens-revoked"),
    @JsonSubTypes.Type(value = AdminChanged.class, name = "admin-changed"),
    @JsonSubTypes.Type(value = DeactivationChanged.class, name = "deactivation-changed"),
    @JsonSubTypes.Type(value = PasswordResetIssued.class, name = "password-reset-issued"),
    @JsonSubTypes.Type(value = PasswordChanged.class, name = "password-changed"),
    @JsonSubTypes.Type(value = DisplayNameChanged.class, name = "display-name-changed")
  })
  public sealed interface Event extends CborSerializable {}

  /** {@code admin} is null in events written before administrators existed: not one. */
  public record Registered(String userId, String username, String passwordHash, String displayName, long ts, Boolean admin)
      implements Event {
    public Registered(String userId, String username, String passwordHash, String displayName, long ts) {
      this(userId, username, passwordHash, displayName, ts, null);
    }

    @Override
    public String toString() {
      return "Registered[userId=" + userId + ", username=" + username + "]";
    }
  }

  /** {@code ts}: when it was issued; tokens expired by then are dropped (replay never reads the clock). */
  public record RefreshTokenIssued(RefreshToken token, long ts) implements Event {}

  public record RefreshTokenRotated(String oldTokenId, RefreshToken token, long ts) implements Event {}

  /** Why a family was revoked. */
  public enum Revocation {
    /** A spent token of it was presented again: it was copied. */
    REUSE,
    LOGOUT
  }

  public record RefreshTokenFamilyRevoked(String familyId, Revocation cause, long ts) implements Event {}

  /** Logged out everywhere. */
  public record AllRefreshTokensRevoked(long ts) implements Event {}

  public record AdminChanged(boolean admin, String by, long ts) implements Event {}

  /** Deactivating also ends every login and drops a pending password reset. */
  public record DeactivationChanged(boolean deactivated, String by, long ts) implements Event {}

  public record PasswordResetIssued(String tokenHash, long expiresAt, long ts) implements Event {
    @Override
    public String toString() {
      return "PasswordResetIssued[expiresAt=" + expiresAt + "]";
    }
  }

  /** A new password, by the user or through a reset; logins end but {@code keptFamily} (null: all). */
  public record PasswordChanged(String passwordHash, String keptFamily, long ts) implements Event {
    @Override
    public String toString() {
      return "PasswordChanged[ts=" + ts + "]";
    }
  }

  public record DisplayNameChanged(String displayName, long ts) implements Event {}

  // State

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Unregistered.class, name = "unregistered"),
    @JsonSubTypes.Type(value = Active.class, name = "active")
  })
  public sealed interface State extends CborSerializable {}

  public record Unregistered() implements State {}

  /** {@code familyId} is null in tokens issued before families existed: each is its own family. */
  public record RefreshToken(String tokenId, long expiresAt, String familyId) implements CborSerializable {
    public String family() {
      return familyId == null ? tokenId : familyId;
    }
  }

  /** The token a family's last rotation spent, and when. */
  public record SpentToken(String tokenId, String familyId, long spentAt) implements CborSerializable {}

  /** A pending password reset: the SHA-256 of its token, never the token. */
  public record PendingReset(String tokenHash, long expiresAt) implements CborSerializable {
    @Override
    public String toString() {
      return "PendingReset[expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * The credentials, the live refresh tokens (oldest first), and for each live family the token
   * its last rotation spent: spent again moments later, that is two tabs of one browser racing,
   * not a thief. {@code spentTokens} is null in snapshots taken before it existed. {@code reset}:
   * the pending password reset, or null.
   */
  public record Active(
      Credentials credentials, List<RefreshToken> refreshTokens, List<SpentToken> spentTokens, PendingReset reset)
      implements State {
    public Active(Credentials credentials, List<RefreshToken> refreshTokens, List<SpentToken> spentTokens) {
      this(credentials, refreshTokens, spentTokens, null);
    }

    public Active {
      refreshTokens = refreshTokens instanceof PVector<RefreshToken> v ? v : TreePVector.from(refreshTokens);
      spentTokens =
          spentTokens == null
              ? TreePVector.empty()
              : spentTokens instanceof PVector<SpentToken> v ? v : TreePVector.from(spentTokens);
    }

    boolean isLive(String tokenId, long now) {
      return refreshTokens.stream().anyMatch(t -> t.tokenId().equals(tokenId) && t.expiresAt() > now);
    }

    boolean isLiveFamily(String familyId, long now) {
      return refreshTokens.stream().anyMatch(t -> t.family().equals(familyId) && t.expiresAt() > now);
    }

    long liveFamilies(long now) {
      return refreshTokens.stream().filter(t -> t.expiresAt() > now).map(RefreshToken::family).distinct().count();
    }

    /** Whether {@code tokenId} is what its family's last rotation spent, after {@code since}. */
    boolean spentAfter(String tokenId, long since) {
      return spentTokens.stream().anyMatch(s -> s.tokenId().equals(tokenId) && s.spentAt() > since);
    }

    Active withToken(RefreshToken token, int capacity, long now) {
      PVector<RefreshToken> next = TreePVector.empty();
      for (RefreshToken t : refreshTokens) {
        if (t.expiresAt() > now) {
          next = next.plus(t);
        }
      }
      next = next.plus(token);
      while (next.size() > capacity) {
        next = next.minus(0);
      }
      return with(next, spentTokens);
    }

    Active withoutToken(String tokenId) {
      return with(refreshTokens.stream().filter(t -> !t.tokenId().equals(tokenId)).toList(), spentTokens);
    }

    Active withSpent(SpentToken spent) {
      List<SpentToken> others = spentTokens.stream().filter(s -> !s.familyId().equals(spent.familyId())).toList();
      return with(refreshTokens, TreePVector.from(others).plus(spent));
    }

    Active withoutFamily(String familyId) {
      return with(refreshTokens.stream().filter(t -> !t.family().equals(familyId)).toList(), spentTokens);
    }

    Active withoutTokens() {
      return new Active(credentials, List.of(), List.of(), reset);
    }

    /** Only {@code familyId}'s tokens stay live (none when it is null). */
    Active keepingFamily(String familyId) {
      return with(refreshTokens.stream().filter(t -> t.family().equals(familyId)).toList(), spentTokens);
    }

    Active withCredentials(Credentials next) {
      return new Active(next, refreshTokens, spentTokens, reset);
    }

    Active withReset(PendingReset next) {
      return new Active(credentials, refreshTokens, spentTokens, next);
    }

    boolean resetMatches(String tokenHash, long now) {
      return reset != null
          && reset.expiresAt() > now
          && java.security.MessageDigest.isEqual(
              reset.tokenHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              tokenHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Spent tokens are kept only for families that still have a live token. */
    private Active with(List<RefreshToken> tokens, List<SpentToken> spent) {
      List<SpentToken> kept =
          spent.stream().filter(s -> tokens.stream().anyMatch(t -> t.family().equals(s.familyId()))).toList();
      return new Active(credentials, tokens, kept, reset);
    }
  }

  /**
   * Settings of this entity type. {@code refreshReuseGrace}: how long after a rotation the token it
   * spent may be spent again without revoking its family (refused all the same), so that tabs of
   * one browser that refresh the pair they share at the same moment do not log each other out.
   */
  public record Settings(
      int snapshotEvery, int maxRefreshTokens, Duration refreshReuseGrace, PersistFailureBackoff persistFailureBackoff) {}

  // Wiring

  public static void init(ActorSystem<?> system, Settings settings, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, entityContext -> create(entityContext.getEntityId(), settings, clock)));
  }

  public static Behavior<Command> create(String username, Settings settings, Clock clock) {
    return LogContext.withMdc(
        Map.of(LogContext.USERNAME, username),
        Behaviors.setup(
            context -> {
              // Pekko would name the logger after the behaviour's class; operators find the lines under
              // the entity's name
              context.setLoggerName(Account.class);
              return new AccountEntity(username, settings, clock);
            }));
  }

  private Account() {}
}
