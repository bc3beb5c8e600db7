package dev.parley.node.read.search;

import dev.parley.node.Blocking;
import dev.parley.node.read.ProjectionRunner;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Keeps the search tables up to date with the journal: one {@link SearchProjector} step after
 * another, each a transaction on the search dispatcher, exactly one in the cluster ({@link
 * ProjectionRunner}), paced by {@code parley.search}'s {@code poll-interval} and {@code
 * failure-backoff}. Its lag is exported by the node that runs it ({@link ProjectionGauges}).
 */
public final class SearchProjection {

  /** The sharded daemon process's name. */
  public static final String NAME = "search-projection";

  private static final ProjectionRunner.Wording WORDING =
      new ProjectionRunner.Wording(
          Optional.of("Search projection started"),
          "Search projection",
          "Search projection",
          ": a rolled-back write, or a write that committed too late to be indexed");

  private static final ProjectionRunner.Watcher<SearchProjector.Progress> GAUGES =
      new ProjectionRunner.Watcher<>() {
        @Override
        public void stepped(SearchProjector.Progress progress) {
          ProjectionGauges.report(progress);
        }

        @Override
        public void stopped() {
          ProjectionGauges.stopped();
        }
      };

  public static void init(ActorSystem<?> system, SearchSettings settings, DataSource dataSource) {
    SearchProjector projector =
        new SearchProjector(
            dataSource,
            SerializationExtension.get(Adapter.toClassic(system)),
            settings.batchSize(),
            Clock.systemUTC());
    Blocking blocking = new Blocking(system.dispatchers().lookup(DispatcherSelector.fromConfig(SearchSettings.DISPATCHER)));
    ProjectionRunner.init(
        system,
        NAME,
        SearchProjection.class,
        new ProjectionRunner.Pacing(settings.pollInterval(), settings.gapTimeout(), settings::backoffAfter),
        WORDING,
        gaps -> blocking.run(() -> projector.step(gaps)),
        GAUGES);
  }

  private SearchProjection() {}
}
