package dev.parley.node.channel;

import dev.parley.node.SameThread;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/** {@link ChannelHistory} over the JDBC read journal: the journal is the truth. */
public final class JournalChannelHistory implements ChannelHistory {
  private final ActorSystem<?> system;
  private final JdbcReadJournal journal;

  public JournalChannelHistory(ActorSystem<?> system) {
    this.system = system;
    this.journal =
        PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
  }

  @Override
  public CompletionStage<List<ChannelEvent.Sequenced>> read(String channelId, long fromSeq, long toSeq) {
    String persistenceId = Channel.persistenceId(channelId).id();
    return SameThread.of(
            journal
                .currentEventsByPersistenceId(
                    persistenceId, ChannelEvent.sequenceNrOf(fromSeq), ChannelEvent.sequenceNrOf(toSeq))
                .map(envelope -> envelope.event())
                .filter(event -> event instanceof ChannelEvent.Sequenced)
                .map(event -> (ChannelEvent.Sequenced) event)
                .runWith(Sink.seq(), system))
        .thenApply(List::copyOf);
  }
}
