package dev.parley.node.subscriptions;

import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.channel.SealedEvents;
import dev.parley.node.erasure.KeyTable;
import dev.parley.node.read.JournalFollower;
import dev.parley.node.read.OrderingGaps;
import dev.parley.protocol.ChannelEventData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.pekko.serialization.Serialization;

/**
 * One step of the subscription projection, in one database transaction, as the notify
 * projection's: the channel events after the stored offset become deliveries ({@link
 * DeliveryQueue}) for the active subscriptions of their workspace, and the offset moves on. Only
 * posts in public channels are sent: what a private channel or a DM says stays with its members
 * (docs/protocol.md, "Event subscriptions"). A post is sent only to subscriptions made before it,
 * and one whose text is erased (its key deleted) is not sent. Without any active subscription the
 * step only moves the offset.
 */
final class SubscriptionProjector {
  static final String PROJECTION_NAME = "subscriptions";

  /** {@code more}: the step stopped at its batch size, the next may start at once. */
  record Progress(OrderingGaps gaps, boolean more, List<OrderingGaps.Gap> skipped) {}

  private record Active(String subscriptionId, List<String> events, long createdAt) {}

  private final DataSource dataSource;
  private final JournalFollower journal;
  private final ChannelOrigins origins;
  private final DeliveryQueue queue;
  private final int batchSize;
  private final Clock clock;

  SubscriptionProjector(DataSource dataSource, Serialization serialization, DeliveryQueue queue, SubscriptionSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.journal = new JournalFollower(PROJECTION_NAME, Channel.ENTITY_KEY.name(), serialization);
    this.origins = new ChannelOrigins(serialization);
    this.queue = queue;
    this.batchSize = settings.batchSize();
    this.clock = clock;
  }

  Progress step(OrderingGaps gaps) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Progress progress = step(connection, gaps);
        connection.commit();
        return progress;
      } catch (Exception e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private Progress step(Connection connection, OrderingGaps gaps) throws SQLException {
    long offset = journal.lockOffset(connection);
    List<Long> orderings = journal.orderingsAfter(connection, offset, batchSize);
    long now = clock.millis();
    OrderingGaps.Advance advance = gaps.advance(offset, orderings, now);
    if (advance.upTo() > offset) {
      Map<String, List<Active>> subscribed = active(connection);
      if (!subscribed.isEmpty()) {
        for (JournalFollower.Row<ChannelEvent> row : journal.events(connection, offset, advance.upTo(), ChannelEvent.class)) {
          if (row.event() instanceof ChannelEvent.MessagePosted posted) {
            queuePost(connection, subscribed, row.entityId(), posted, now);
          }
        }
      }
      journal.storeOffset(connection, advance.upTo());
    }
    boolean more = orderings.size() == batchSize && advance.upTo() == orderings.get(orderings.size() - 1);
    return new Progress(advance.gaps(), more, advance.skipped());
  }

  private void queuePost(
      Connection connection, Map<String, List<Active>> subscribed, String channelId, ChannelEvent.MessagePosted posted, long now)
      throws SQLException {
    Optional<ChannelOrigins.Origin> origin = origins.of(connection, channelId);
    if (origin.isEmpty() || origin.get().kind() != ChannelKind.PUBLIC || !subscribed.containsKey(origin.get().workspaceId())) {
      return;
    }
    List<Active> wanting =
        subscribed.get(origin.get().workspaceId()).stream()
            .filter(s -> s.events().contains(ChannelEventData.MessagePosted.TYPE) && s.createdAt() <= posted.ts())
            .toList();
    if (wanting.isEmpty()) {
      return;
    }
    ChannelEvent.MessagePosted open = posted;
    if (SealedEvents.isSealed(posted)) {
      var keys = SealedEvents.byRef(KeyTable.load(connection, channelId, List.of(SealedEvents.keySeq(posted))));
      open = (ChannelEvent.MessagePosted) SealedEvents.open(channelId, posted, keys.get(SealedEvents.keyOf(posted)));
    }
    if (open.text() == null) {
      return;
    }
    String body = DeliveryBody.posted(origin.get().workspaceId(), channelId, open);
    String eventId = DeliveryBody.eventId(channelId, posted.seq());
    for (Active subscription : wanting) {
      queue.add(connection, subscription.subscriptionId(), eventId, body, now);
    }
  }

  /** The active subscriptions by workspace. */
  private static Map<String, List<Active>> active(Connection connection) throws SQLException {
    Map<String, List<Active>> byWorkspace = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + SubscriptionStore.COLUMNS + " FROM parley_subscription WHERE status = 'ACTIVE' AND removed_at IS NULL");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        StoredSubscription s = SubscriptionStore.subscription(rows);
        byWorkspace.computeIfAbsent(s.workspaceId(), w -> new ArrayList<>()).add(new Active(s.subscriptionId(), s.events(), s.createdAt()));
      }
    }
    return byWorkspace;
  }
}
