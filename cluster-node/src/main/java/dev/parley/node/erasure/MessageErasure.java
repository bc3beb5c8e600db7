package dev.parley.node.erasure;

import dev.parley.node.channel.Channel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasures decided outside a channel: every message of an account ({@code admin.delete}) and a
 * workspace's messages older than its retention. Each deletes the key rows and the search rows in
 * one transaction, then tells the channels concerned to forget the keys they hold in memory.
 */
public final class MessageErasure {
  private static final Logger LOG = LoggerFactory.getLogger(MessageErasure.class);

  private final JdbcMessageKeys keys;
  private final BiConsumer<String, Channel.ForgetKeys> tellChannel;

  /** @param tellChannel sends a channel (by id) what to forget: through sharding in a node */
  public MessageErasure(JdbcMessageKeys keys, BiConsumer<String, Channel.ForgetKeys> tellChannel) {
    this.keys = keys;
    this.tellChannel = tellChannel;
  }

  /** Tells channels through the cluster's sharding. */
  public static BiConsumer<String, Channel.ForgetKeys> viaSharding(ActorSystem<?> system) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return (channelId, forget) -> sharding.entityRefFor(Channel.ENTITY_KEY, channelId).tell(forget);
  }

  /** Erases every message {@code userId} wrote; completes with how many once the rows are gone. */
  public CompletionStage<Integer> eraseAuthor(String userId) {
    record Erased(List<String> channels, int messages) {}
    return keys.inTransaction(
            connection -> {
              List<String> channels = KeyTable.channelsOfAuthor(connection, userId);
              int messages = KeyTable.deleteAuthor(connection, userId);
              execute(connection, "DELETE FROM parley_search_message WHERE author_id = ?", userId);
              return new Erased(channels, messages);
            })
        .thenApply(
            erased -> {
              erased.channels().forEach(channelId -> forget(channelId, userId, 0));
              LOG.info("Erased {} messages of user {} in {} channels", erased.messages(), userId, erased.channels().size());
              return erased.messages();
            });
  }

  /**
   * Erases the messages of {@code channelIds} posted before {@code beforeTs}; completes with how
   * many. Only the channels that lost messages are told, so idle channels stay asleep.
   */
  public CompletionStage<Integer> eraseOlderThan(List<String> channelIds, long beforeTs) {
    return keys.inTransaction(
            connection -> {
              Map<String, Integer> erased = new LinkedHashMap<>();
              for (String channelId : channelIds) {
                int messages = KeyTable.deleteOlder(connection, channelId, beforeTs);
                execute(connection, "DELETE FROM parley_search_message WHERE channel_id = ? AND ts < ?", channelId, beforeTs);
                if (messages > 0) {
                  erased.put(channelId, messages);
                }
              }
              return erased;
            })
        .thenApply(
            erased -> {
              erased.keySet().forEach(channelId -> forget(channelId, null, beforeTs));
              return erased.values().stream().mapToInt(Integer::intValue).sum();
            });
  }

  private void forget(String channelId, String authorId, long beforeTs) {
    tellChannel.accept(channelId, new Channel.ForgetKeys(authorId, beforeTs));
  }

  private static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }
}
