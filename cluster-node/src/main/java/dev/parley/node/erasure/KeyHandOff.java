package dev.parley.node.erasure;

import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.MessageKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The keys of posts that channels of this node are persisting, held from the moment a channel
 * decides them until the journal writes their events: {@link KeyedJournalDao} writes each key in
 * the transaction that writes the event at its seq, so a key is durable exactly when its post is,
 * at the cost of a few more rows in a statement the journal runs anyway.
 */
public final class KeyHandOff implements Extension {

  private static final Id ID = new Id();
  private static final String JOURNAL_DAO = "jdbc-journal.dao";

  /** Keys by persistence id, then by the journal sequence number of the event sealed under them. */
  private final ConcurrentHashMap<String, Map<Long, MessageKey>> staged = new ConcurrentHashMap<>();

  KeyHandOff() {}

  static KeyHandOff get(ActorSystem system) {
    return ID.get(system);
  }

  /**
   * The node's hand-off, once it is sure that the journal takes keys from it: with another journal
   * DAO, staged keys would never be written and every post would read as erased.
   */
  public static KeyHandOff forJournalOf(ActorSystem system) {
    String dao = system.settings().config().getString(JOURNAL_DAO);
    if (!KeyedJournalDao.class.getName().equals(dao)) {
      throw new IllegalStateException(JOURNAL_DAO + " must be " + KeyedJournalDao.class.getName() + ", not " + dao);
    }
    return get(system);
  }

  /** Holds {@code keys} for the journal write of the events at their seqs, by the channel whose log is {@code persistenceId}. */
  void stage(String persistenceId, List<MessageKey> keys) {
    staged.compute(
        persistenceId,
        (id, held) -> {
          Map<Long, MessageKey> next = held == null ? new HashMap<>() : held;
          keys.forEach(key -> next.put(ChannelEvent.sequenceNrOf(key.seq()), key));
          return next;
        });
  }

  /**
   * Takes the key of the event at {@code sequenceNr} of {@code persistenceId}, or null: a taken key
   * goes with that write, and a failed write's keys are not written again (its channel restarts and
   * its posts are retried under new keys).
   */
  MessageKey take(String persistenceId, long sequenceNr) {
    MessageKey[] taken = new MessageKey[1];
    staged.computeIfPresent(
        persistenceId,
        (id, held) -> {
          taken[0] = held.remove(sequenceNr);
          return held.isEmpty() ? null : held;
        });
    return taken[0];
  }

  /**
   * Drops what a channel staged and never got written (a write refused before it reached the
   * database); its next incarnation calls this once it has recovered, when no write of the previous one is in flight.
   */
  void drop(String persistenceId) {
    staged.remove(persistenceId);
  }

  private static final class Id extends AbstractExtensionId<KeyHandOff> {
    @Override
    public KeyHandOff createExtension(ExtendedActorSystem system) {
      return new KeyHandOff();
    }
  }
}
