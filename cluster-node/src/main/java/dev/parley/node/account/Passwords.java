package dev.parley.node.account;

import static dev.parley.node.account.AccountEntity.deactivated;
import static dev.parley.node.account.AccountEntity.persistAndLog;

import dev.parley.node.Outcome;
import dev.parley.node.account.Account.Active;
import dev.parley.node.account.Account.ChangePassword;
import dev.parley.node.account.Account.Event;
import dev.parley.node.account.Account.IssuePasswordReset;
import dev.parley.node.account.Account.PasswordChanged;
import dev.parley.node.account.Account.PasswordResetIssued;
import dev.parley.node.account.Account.RedeemPasswordReset;
import dev.parley.node.account.Account.State;
import java.time.Clock;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Account}'s commands about its password: an administrator's reset token, spending it on
 * a new password, and the user's own change.
 */
final class Passwords {
  private final EffectFactories<Event, State> effect;
  private final Clock clock;

  Passwords(EffectFactories<Event, State> effect, Clock clock) {
    this.effect = effect;
    this.clock = clock;
  }

  static <T> Outcome<T> invalidReset() {
    return Outcome.rejected(Outcome.Reason.UNAUTHORIZED, "invalid or expired reset token");
  }

  ReplyEffect<Event, State> issueReset(Active state, IssuePasswordReset c) {
    if (state.credentials().deactivated()) {
      return effect.reply(c.replyTo(), deactivated());
    }
    return persistAndLog(
        effect,
        new PasswordResetIssued(c.tokenHash(), c.expiresAt(), clock.millis()),
        c.replyTo(),
        "was given a password reset token");
  }

  ReplyEffect<Event, State> redeemReset(Active state, RedeemPasswordReset c) {
    if (state.credentials().deactivated()) {
      return effect.reply(c.replyTo(), deactivated());
    }
    if (!state.resetMatches(c.tokenHash(), clock.millis())) {
      return effect.reply(c.replyTo(), invalidReset());
    }
    return persistAndLog(
        effect,
        new PasswordChanged(c.passwordHash(), null, clock.millis()),
        c.replyTo(),
        "set a new password with a reset token, every login ended");
  }

  ReplyEffect<Event, State> changePassword(Active state, ChangePassword c) {
    if (state.credentials().deactivated()) {
      return effect.reply(c.replyTo(), deactivated());
    }
    return persistAndLog(
        effect,
        new PasswordChanged(c.passwordHash(), c.keptFamily(), clock.millis()),
        c.replyTo(),
        "changed their password, their other logins ended");
  }
}
