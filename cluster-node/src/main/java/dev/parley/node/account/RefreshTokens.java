package dev.parley.node.account;

import static dev.parley.node.account.AccountEntity.deactivated;

import dev.parley.node.Outcome;
import dev.parley.node.account.Account.Active;
import dev.parley.node.account.Account.AllRefreshTokensRevoked;
import dev.parley.node.account.Account.Event;
import dev.parley.node.account.Account.IssueRefreshToken;
import dev.parley.node.account.Account.RefreshTokenFamilyRevoked;
import dev.parley.node.account.Account.RefreshTokenIssued;
import dev.parley.node.account.Account.RefreshTokenRotated;
import dev.parley.node.account.Account.Revocation;
import dev.parley.node.account.Account.RevokeAllRefreshTokens;
import dev.parley.node.account.Account.RevokeRefreshTokenFamily;
import dev.parley.node.account.Account.Revoked;
import dev.parley.node.account.Account.RotateRefreshToken;
import dev.parley.node.account.Account.Settings;
import dev.parley.node.account.Account.State;
import java.time.Clock;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Account}'s commands about logins: a login's first refresh token, rotating it, and
 * logging out one login or all of them, with the detection of a copied token.
 */
final class RefreshTokens {
  /** The entity's logger: operators find its lines under one name, whichever file they come from. */
  private static final Logger log = LoggerFactory.getLogger(Account.class);

  private final EffectFactories<Event, State> effect;
  private final Settings settings;
  private final Clock clock;

  RefreshTokens(EffectFactories<Event, State> effect, Settings settings, Clock clock) {
    this.effect = effect;
    this.settings = settings;
    this.clock = clock;
  }

  static <T> Outcome<T> spent() {
    return Outcome.rejected(Outcome.Reason.UNAUTHORIZED, "refresh token is not valid");
  }

  static Outcome<Revoked> nothingRevoked() {
    return Outcome.accepted(new Revoked(0));
  }

  ReplyEffect<Event, State> issue(Active state, IssueRefreshToken c) {
    if (state.credentials().deactivated()) {
      return effect.reply(c.replyTo(), deactivated());
    }
    return effect
        .persist(new RefreshTokenIssued(c.token(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(state.credentials()));
  }

  /**
   * A token that is not live is refused. If its family still is, the token was spent before and
   * someone kept a copy: the family is revoked, unless this is the token the family's last
   * rotation spent, within the grace (another tab of the same browser lost the race).
   */
  ReplyEffect<Event, State> rotate(Active state, RotateRefreshToken c) {
    long now = clock.millis();
    if (state.credentials().deactivated()) {
      return effect.reply(c.replyTo(), deactivated());
    }
    if (state.isLive(c.oldTokenId(), now)) {
      return effect
          .persist(new RefreshTokenRotated(c.oldTokenId(), c.next(), now))
          .thenReply(c.replyTo(), next -> Outcome.accepted(state.credentials()));
    }
    String familyId = c.next().family();
    if (!state.isLiveFamily(familyId, now)
        || state.spentAfter(c.oldTokenId(), now - settings.refreshReuseGrace().toMillis())) {
      return effect.reply(c.replyTo(), spent());
    }
    String userId = state.credentials().userId();
    return effect
        .persist(new RefreshTokenFamilyRevoked(familyId, Revocation.REUSE, now))
        .thenRun(
            next ->
                log.warn(
                    "Refresh token reuse: user {} spent a refresh token of family {} again; the family is revoked",
                    userId,
                    familyId))
        .thenReply(c.replyTo(), next -> spent());
  }

  ReplyEffect<Event, State> revokeFamily(Active state, RevokeRefreshTokenFamily c) {
    if (!state.isLiveFamily(c.familyId(), clock.millis())) {
      return effect.reply(c.replyTo(), nothingRevoked());
    }
    String userId = state.credentials().userId();
    return effect
        .persist(new RefreshTokenFamilyRevoked(c.familyId(), Revocation.LOGOUT, clock.millis()))
        .thenRun(next -> log.info("User {} logged out: refresh token family {} revoked", userId, c.familyId()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Revoked(1)));
  }

  ReplyEffect<Event, State> revokeAll(Active state, RevokeAllRefreshTokens c) {
    int families = (int) state.liveFamilies(clock.millis());
    if (families == 0) {
      return effect.reply(c.replyTo(), nothingRevoked());
    }
    String userId = state.credentials().userId();
    return effect
        .persist(new AllRefreshTokensRevoked(clock.millis()))
        .thenRun(next -> log.info("User {} logged out everywhere: {} refresh token families revoked", userId, families))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Revoked(families)));
  }
}
