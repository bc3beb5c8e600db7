package dev.parley.node.read.directory;

import dev.parley.node.Blocking;
import dev.parley.node.read.ProjectionRunner;
import dev.parley.node.read.search.SearchSettings;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Keeps the account directory up to date with the journal: one {@link AccountProjector} step after
 * another, each a transaction on the search dispatcher, exactly one in the cluster ({@link
 * ProjectionRunner}). It paces itself as the search projection does and with its settings ({@code
 * parley.search}: poll interval, batch size, gap timeout, failure backoff): both follow the same
 * journal at the same cost.
 */
public final class AccountProjection {

  /** The sharded daemon process's name. */
  public static final String NAME = "account-projection";

  private static final ProjectionRunner.Wording WORDING =
      new ProjectionRunner.Wording(Optional.of("Account projection started"), "Account projection", "Account projection", "");

  public static void init(ActorSystem<?> system, SearchSettings settings, DataSource dataSource) {
    AccountProjector projector =
        new AccountProjector(
            dataSource, SerializationExtension.get(Adapter.toClassic(system)), settings.batchSize(), Clock.systemUTC());
    Blocking blocking = new Blocking(system.dispatchers().lookup(DispatcherSelector.fromConfig(SearchSettings.DISPATCHER)));
    ProjectionRunner.init(
        system,
        NAME,
        AccountProjection.class,
        new ProjectionRunner.Pacing(settings.pollInterval(), settings.gapTimeout(), settings::backoffAfter),
        WORDING,
        gaps -> blocking.run(() -> projector.step(gaps)),
        ProjectionRunner.Watcher.none());
  }

  private AccountProjection() {}
}
