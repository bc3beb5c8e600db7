package dev.parley.node.account;

import static dev.parley.node.account.AccountEntity.persistAndLog;

import dev.parley.node.Outcome;
import dev.parley.node.account.Account.Active;
import dev.parley.node.account.Account.AdminChanged;
import dev.parley.node.account.Account.DeactivationChanged;
import dev.parley.node.account.Account.Event;
import dev.parley.node.account.Account.SetAdmin;
import dev.parley.node.account.Account.SetDeactivated;
import dev.parley.node.account.Account.State;
import java.time.Clock;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Account}'s flags that a deployment administrator sets: whether it administers the
 * deployment, whether it is deactivated. A repeat of the current value changes nothing.
 */
final class AccountAdministration {
  private final EffectFactories<Event, State> effect;
  private final Clock clock;

  AccountAdministration(EffectFactories<Event, State> effect, Clock clock) {
    this.effect = effect;
    this.clock = clock;
  }

  ReplyEffect<Event, State> setAdmin(Active state, SetAdmin c) {
    if (state.credentials().admin() == c.admin()) {
      return effect.reply(c.replyTo(), Outcome.accepted(state.credentials()));
    }
    String change = (c.admin() ? "is now" : "is no longer") + " a deployment administrator (by " + c.by() + ")";
    return persistAndLog(effect, new AdminChanged(c.admin(), c.by(), clock.millis()), c.replyTo(), change);
  }

  ReplyEffect<Event, State> setDeactivated(Active state, SetDeactivated c) {
    if (state.credentials().deactivated() == c.deactivated()) {
      return effect.reply(c.replyTo(), Outcome.accepted(state.credentials()));
    }
    String change = (c.deactivated() ? "deactivated, every login ended" : "reactivated") + " (by " + c.by() + ")";
    return persistAndLog(effect, new DeactivationChanged(c.deactivated(), c.by(), clock.millis()), c.replyTo(), change);
  }
}
