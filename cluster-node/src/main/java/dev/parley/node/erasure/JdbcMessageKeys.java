package dev.parley.node.erasure;

import dev.parley.node.PooledJdbc;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.MessageKey;
import dev.parley.node.channel.MessageKeys;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MessageKeys} in {@code parley_message_key}: new keys through the journal ({@link
 * KeyHandOff}, {@link KeyedJournalDao}), reads and deletions on the node's application pool, off
 * the actor threads.
 */
public final class JdbcMessageKeys implements MessageKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageKeys.class);

  private final PooledJdbc jdbc;
  private final KeyHandOff handOff;

  public JdbcMessageKeys(DataSource dataSource, Executor blocking, KeyHandOff handOff) {
    this.jdbc = new PooledJdbc(dataSource, blocking);
    this.handOff = handOff;
  }

  @Override
  public void stage(List<MessageKey> keys) {
    if (!keys.isEmpty()) {
      handOff.stage(Channel.persistenceId(keys.get(0).channelId()).id(), keys);
    }
  }

  @Override
  public void dropStaged(String channelId) {
    handOff.drop(Channel.persistenceId(channelId).id());
  }

  @Override
  public CompletionStage<List<MessageKey>> load(String channelId, Collection<Long> seqs) {
    return jdbc.inTransaction(connection -> KeyTable.load(connection, channelId, seqs));
  }

  @Override
  public CompletionStage<Void> delete(String channelId, long seq) {
    CompletionStage<Void> deleted =
        jdbc.inTransaction(
            connection -> {
              KeyTable.delete(connection, channelId, seq);
              return null;
            });
    // The search projection deletes the row again when it reads the deletion: a failure here delays the erasure.
    deleted.whenComplete(
        (done, failure) -> {
          if (failure != null) {
            LOG.warn("Could not delete the key of message {} of channel {} yet: {}", seq, channelId, failure.toString());
          }
        });
    return deleted;
  }

  /** The erasure package's other work on the keys' table, on the same pool: one transaction. */
  <T> CompletionStage<T> inTransaction(PooledJdbc.Work<T> work) {
    return jdbc.inTransaction(work);
  }
}
