package dev.parley.node.erasure;

import dev.parley.node.channel.Channel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  /** Removes the files of an erased post (records, bytes, thumbnails, quota): the node's file service. */
  public interface FileRemover {
    CompletionStage<?> removeAll(String channelId, long seq, List<String> fileIds);
  }

  /** What one erasure deleted: how many messages, in which channels, and the files of those posts. */
  private record Erased(Collection<String> channels, int messages, List<KeyTable.PostFiles> files) {}

  private final JdbcMessageKeys keys;
  private final BiConsumer<String, Channel.ForgetKeys> tellChannel;
  private final FileRemover files;

  /** @param tellChannel sends a channel (by id) what to forget: through sharding in a node */
  public MessageErasure(JdbcMessageKeys keys, BiConsumer<String, Channel.ForgetKeys> tellChannel, FileRemover files) {
    this.keys = keys;
    this.tellChannel = tellChannel;
    this.files = files;
  }

  /** Tells channels through the cluster's sharding. */
  public static BiConsumer<String, Channel.ForgetKeys> viaSharding(ActorSystem<?> system) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return (channelId, forget) -> sharding.entityRefFor(Channel.ENTITY_KEY, channelId).tell(forget);
  }

  /** Erases every message {@code userId} wrote, with its files; completes with how many messages once done. */
  public CompletionStage<Integer> eraseAuthor(String userId) {
    return keys.inTransaction(
            connection -> {
              List<KeyTable.PostFiles> postFiles = KeyTable.filesOfAuthor(connection, userId);
              List<String> channels = KeyTable.channelsOfAuthor(connection, userId);
              int messages = KeyTable.deleteAuthor(connection, userId);
              execute(connection, "DELETE FROM parley_search_message WHERE author_id = ?", userId);
              return new Erased(channels, messages, postFiles);
            })
        .thenCompose(
            erased -> {
              LOG.info("Erased {} messages of user {} in {} channels", erased.messages(), userId, erased.channels().size());
              return finish(erased, userId, 0);
            });
  }

  /**
   * Erases the messages of {@code channelIds} posted before {@code beforeTs}, with their files;
   * completes with how many messages. Only the channels that lost messages are told, so idle
   * channels stay asleep.
   */
  public CompletionStage<Integer> eraseOlderThan(List<String> channelIds, long beforeTs) {
    return keys.inTransaction(
            connection -> {
              List<String> channels = new ArrayList<>();
              int total = 0;
              List<KeyTable.PostFiles> postFiles = new ArrayList<>();
              for (String channelId : channelIds) {
                postFiles.addAll(KeyTable.filesOlder(connection, channelId, beforeTs));
                int messages = KeyTable.deleteOlder(connection, channelId, beforeTs);
                execute(connection, "DELETE FROM parley_search_message WHERE channel_id = ? AND ts < ?", channelId, beforeTs);
                if (messages > 0) {
                  channels.add(channelId);
                  total += messages;
                }
              }
              return new Erased(channels, total, postFiles);
            })
        .thenCompose(erased -> finish(erased, null, beforeTs));
  }

  /** Once the rows are gone: the channels forget the keys, then the posts' files are removed. */
  private CompletionStage<Integer> finish(Erased erased, String authorId, long beforeTs) {
    erased.channels().forEach(channelId -> forget(channelId, authorId, beforeTs));
    CompletableFuture<?>[] removals =
        erased.files().stream()
            .map(post -> files.removeAll(post.channelId(), post.seq(), post.fileIds()).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(removals).thenApply(done -> erased.messages());
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
