package dev.parley.node.auth;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.SameThread;
import dev.parley.node.account.Account;
import dev.parley.node.account.FirstAccount;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Who may register, and whether a new account administers the deployment. With a bootstrap admin
 * ({@code PARLEY_BOOTSTRAP_ADMIN}) that username is the administrator and registers without an
 * invite; without one, the deployment's first account is ({@link FirstAccount} decides which).
 * Everyone else registers as the mode in force allows ({@link RegistrationSetting}): {@code open},
 * with an invite, or not at all.
 */
public final class RegistrationPolicy {
  /** Stands for "the first account is someone else" in {@link #first}. */
  private static final String SOMEONE_ELSE = "";

  /** {@code admin}: the new account administers the deployment; {@code inviteNeeded}: it must bring a valid invite. */
  public record Admission(boolean admin, boolean inviteNeeded) {}

  private final RegistrationSetting mode;
  private final String bootstrapAdmin;
  private final EntityRef<FirstAccount.Command> firstAccount;
  private final DataSource journal;
  private final Executor blocking;
  private final Duration askTimeout;
  /** The first account's username once known on this node (it never changes), else null. */
  private final AtomicReference<String> first = new AtomicReference<>();

  /** {@code bootstrapAdmin}: a normalized username, or null; {@code blocking}: for the journal query. */
  public RegistrationPolicy(
      ActorSystem<?> system,
      RegistrationSetting mode,
      String bootstrapAdmin,
      DataSource journal,
      Executor blocking,
      Duration askTimeout) {
    this.mode = mode;
    this.bootstrapAdmin = bootstrapAdmin;
    this.firstAccount = FirstAccount.ref(system);
    this.journal = journal;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  public String bootstrapAdmin() {
    return bootstrapAdmin;
  }

  /**
   * Whether {@code username} may register, and as what; {@code forbidden} when the mode does not
   * admit it. {@code hasInvite}: the request names an invite (checked by the caller).
   */
  public CompletionStage<Admission> admit(String username, boolean hasInvite) {
    return privileged(username)
        .thenCombine(mode.current(), (admin, current) -> admit(admin, current.mode(), hasInvite));
  }

  private static Admission admit(boolean admin, RegistrationMode mode, boolean hasInvite) {
    if (admin || mode == RegistrationMode.OPEN) {
      return new Admission(admin, false);
    }
    if (mode == RegistrationMode.CLOSED) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN, "registration is closed: an administrator creates accounts");
    }
    if (!hasInvite) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN, "registration needs an invite: send a workspace's inviteCode");
    }
    return new Admission(false, true);
  }

  private CompletionStage<Boolean> privileged(String username) {
    if (bootstrapAdmin != null) {
      return CompletableFuture.completedFuture(bootstrapAdmin.equals(username));
    }
    String known = first.get();
    if (known != null) {
      return CompletableFuture.completedFuture(known.equals(username));
    }
    return CompletableFuture.supplyAsync(() -> otherAccountsExist(username), blocking)
        .thenCompose(
            othersExist ->
                SameThread.of(
                    firstAccount.<Outcome<Acknowledged>>ask(
                        replyTo -> new FirstAccount.Claim(username, othersExist, replyTo), askTimeout)))
        .thenApply(
            outcome -> {
              if (outcome instanceof Outcome.Accepted<Acknowledged>) {
                first.compareAndSet(null, username);
                return true;
              }
              if (outcome instanceof Outcome.Rejected<Acknowledged> rejected
                  && rejected.reason() == Outcome.Reason.FORBIDDEN) {
                first.compareAndSet(null, SOMEONE_ELSE);
                return false;
              }
              throw new ProtocolException(ErrorCode.UNAVAILABLE, "try again");
            });
  }

  /**
   * Whether the journal holds accounts other than {@code username}'s: a deployment from before
   * administrators existed has no first account to claim.
   */
  private boolean otherAccountsExist(String username) {
    String sql =
        "SELECT 1 FROM \"event_journal\" WHERE \"persistence_id\" LIKE ? AND \"persistence_id\" <> ? LIMIT 1";
    try (Connection connection = journal.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, Account.ENTITY_KEY.name() + "|%");
      select.setString(2, Account.ENTITY_KEY.name() + "|" + username);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw new ProtocolException(ErrorCode.UNAVAILABLE, "the database could not be reached; try again");
    }
  }
}
