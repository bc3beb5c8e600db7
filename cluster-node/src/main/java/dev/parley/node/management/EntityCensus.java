package dev.parley.node.management;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** Counts this node's shards and running entities per type on a timer, for {@code parley_shards} and {@code parley_entities}. */
public final class EntityCensus {
  private EntityCensus() {}

  private interface Command {}

  private enum Count implements Command {
    INSTANCE
  }

  /** {@code state} null: the region did not answer before the next count. */
  private record Counted(String type, ShardRegion.CurrentShardRegionState state) implements Command {}

  public static Behavior<?> create(List<EntityTypeKey<?>> types, Duration every) {
    return Behaviors.<Command>setup(
            context ->
                Behaviors.withTimers(
                    timers -> {
                      timers.startTimerWithFixedDelay(Count.INSTANCE, Duration.ZERO, every);
                      ClusterSharding sharding = ClusterSharding.get(context.getSystem());
                      return Behaviors.<Command>receive(Command.class)
                          .onMessageEquals(
                              Count.INSTANCE,
                              () -> {
                                // One ask per type: the replies do not name their type, and a message
                                // adapter (one per reply class) would label them all as the last type.
                                for (EntityTypeKey<?> type : types) {
                                  context.ask(
                                      ShardRegion.CurrentShardRegionState.class,
                                      sharding.shardState(),
                                      every,
                                      replyTo -> new GetShardRegionState(type, replyTo),
                                      (state, failure) -> new Counted(type.name(), state));
                                }
                                return Behaviors.same();
                              })
                          .onMessage(
                              Counted.class,
                              counted -> {
                                if (counted.state() == null) {
                                  return Behaviors.same();
                                }
                                int entities =
                                    counted.state().getShards().stream().mapToInt(shard -> shard.getEntityIds().size()).sum();
                                NodeGauges.ENTITIES.put(counted.type(), entities);
                                NodeGauges.SHARDS.put(counted.type(), counted.state().getShards().size());
                                return Behaviors.same();
                              })
                          .build();
                    }))
        .narrow();
  }
}
