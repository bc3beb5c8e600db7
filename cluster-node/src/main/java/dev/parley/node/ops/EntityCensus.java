package dev.parley.node.ops;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** Counts this node's running entities per type on a timer, for the {@code parley_entities} gauge. */
public final class EntityCensus {
  private EntityCensus() {}

  private interface Command {}

  private enum Count implements Command {
    INSTANCE
  }

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
                                for (EntityTypeKey<?> type : types) {
                                  sharding
                                      .shardState()
                                      .tell(
                                          new GetShardRegionState(
                                              type,
                                              context.messageAdapter(
                                                  ShardRegion.CurrentShardRegionState.class,
                                                  state -> new Counted(type.name(), state))));
                                }
                                return Behaviors.same();
                              })
                          .onMessage(
                              Counted.class,
                              counted -> {
                                int entities =
                                    counted.state().getShards().stream().mapToInt(shard -> shard.getEntityIds().size()).sum();
                                NodeGauges.ENTITIES.put(counted.type(), entities);
                                return Behaviors.same();
                              })
                          .build();
                    }))
        .narrow();
  }
}
