package dev.parley.node.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * The ActorSystem configuration of entity tests: the node's real serialization bindings
 * ({@code entity-test.conf}), the in-memory journal and snapshot store, serialized storage.
 */
public final class EntityTestConfig {
  private EntityTestConfig() {}

  public static Config config() {
    return ConfigFactory.parseResources("entity-test.conf", ConfigParseOptions.defaults().setAllowMissing(false))
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        // Before resolving: serialization.conf appends to Pekko's list of Jackson modules.
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
