package dev.parley.node.subscriptions;

import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.channel.SealedEvents;
import dev.parley.node.erasure.KeyTable;
import dev.parley.node.read.JournalFollower;
import dev.parley.node.read.OrderingGaps;
import dev.parley.node.read.ProjectionStep;
import dev.parley.protocol.ChannelEventData;
import dev.parley.protocol.SubscriptionRequest;
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
import java.util.Set;
import javax.sql.DataSource;
import org.apache.pekko.serialization.Serialization;

/**
 * One step of the subscription projection ({@link ProjectionStep}): the channel events after the
 * stored offset become deliveries ({@link DeliveryQueue}) for the active subscriptions of their
 * workspace. A post
 * in a public channel is sent as {@code message.posted}: what a private channel or a DM says stays
 * with its members (docs/protocol.md, "Event subscriptions"). A post that mentions bots is sent as
 * {@code bot.mentioned}, once per bot, in any channel the bot is in ({@link BotMembers}, kept here
 * from every join and leave, with or without subscriptions). A post is sent only to subscriptions
 * made (or resumed) before it, and one whose text is erased (its key deleted) is not sent.
 */
final class SubscriptionProjector {
  static final String PROJECTION_NAME = "subscriptions";

  /** The events that change who is in a channel, which {@link BotMembers} follows. */
  private static final Set<Class<? extends ChannelEvent>> MEMBERSHIP_EVENTS =
      Set.of(ChannelEvent.MemberJoined.class, ChannelEvent.MemberLeft.class, ChannelEvent.ChannelDeleted.class);

  /** {@code since}: when it was made or last resumed; it is sent what is posted from then on. */
  private record Active(String subscriptionId, List<String> events, long since) {
    boolean wants(String type, long ts) {
      return events.contains(type) && since <= ts;
    }
  }

  private final JournalFollower journal;
  private final ProjectionStep step;
  private final ChannelOrigins origins;
  private final BotMembers bots = new BotMembers();
  private final DeliveryQueue queue;

  SubscriptionProjector(DataSource dataSource, Serialization serialization, DeliveryQueue queue, SubscriptionSettings settings, Clock clock) {
    this.journal = new JournalFollower(PROJECTION_NAME, Channel.ENTITY_KEY.name(), serialization);
    this.step = new ProjectionStep(dataSource, journal, settings.batchSize(), clock);
    this.origins = new ChannelOrigins(serialization);
    this.queue = queue;
  }

  ProjectionStep.Advanced step(OrderingGaps gaps) throws SQLException {
    return step.run(gaps, this::applyChannelEvents);
  }

  private int applyChannelEvents(Connection connection, long after, long upTo, long now) throws SQLException {
    Map<String, List<Active>> subscribed = active(connection);
    // Without a subscription there is nothing to send: only the bots' memberships are kept, from
    // events that are rare, and the posts are not read at all.
    Set<Class<? extends ChannelEvent>> only = subscribed.isEmpty() ? MEMBERSHIP_EVENTS : Set.of();
    List<JournalFollower.Row<ChannelEvent>> rows = journal.events(connection, after, upTo, ChannelEvent.class, only);
    for (JournalFollower.Row<ChannelEvent> row : rows) {
      String channelId = row.entityId();
      if (row.event() instanceof ChannelEvent.MemberJoined joined) {
        bots.joined(connection, channelId, joined.userId());
      } else if (row.event() instanceof ChannelEvent.MemberLeft left) {
        bots.left(connection, channelId, left.userId());
      } else if (row.event() instanceof ChannelEvent.ChannelDeleted) {
        bots.channelDeleted(connection, channelId);
      } else if (row.event() instanceof ChannelEvent.MessagePosted posted && !subscribed.isEmpty()) {
        queuePost(connection, subscribed, channelId, posted, now);
      }
    }
    return rows.size();
  }

  private void queuePost(
      Connection connection, Map<String, List<Active>> subscribed, String channelId, ChannelEvent.MessagePosted posted, long now)
      throws SQLException {
    Optional<ChannelOrigins.Origin> origin = origins.of(connection, channelId);
    if (origin.isEmpty() || !subscribed.containsKey(origin.get().workspaceId())) {
      return;
    }
    String workspaceId = origin.get().workspaceId();
    List<Active> inWorkspace = subscribed.get(workspaceId);
    List<Active> wantingPosts =
        origin.get().kind() != ChannelKind.PUBLIC
            ? List.of()
            : inWorkspace.stream().filter(s -> s.wants(ChannelEventData.MessagePosted.TYPE, posted.ts())).toList();
    List<Active> wantingMentions =
        posted.mentions().isEmpty()
            ? List.of()
            : inWorkspace.stream().filter(s -> s.wants(SubscriptionRequest.BOT_MENTIONED, posted.ts())).toList();
    List<BotMembers.Bot> mentioned =
        wantingMentions.isEmpty() ? List.of() : bots.mentioned(connection, workspaceId, channelId, posted.mentions(), posted.author());
    if (wantingPosts.isEmpty() && mentioned.isEmpty()) {
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
    String body = DeliveryBody.posted(workspaceId, channelId, open);
    String eventId = DeliveryBody.eventId(channelId, posted.seq());
    for (Active subscription : wantingPosts) {
      queue.add(connection, subscription.subscriptionId(), eventId, body, now);
    }
    for (BotMembers.Bot bot : mentioned) {
      String mentionBody = DeliveryBody.mentioned(workspaceId, channelId, open, bot);
      String mentionId = DeliveryBody.mentionId(channelId, posted.seq(), bot);
      for (Active subscription : wantingMentions) {
        queue.add(connection, subscription.subscriptionId(), mentionId, mentionBody, now);
      }
    }
  }

  /** The active subscriptions by workspace. */
  private static Map<String, List<Active>> active(Connection connection) throws SQLException {
    Map<String, List<Active>> byWorkspace = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + SubscriptionStore.COLUMNS + ", resumed_at FROM parley_subscription WHERE status = 'ACTIVE' AND removed_at IS NULL");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        StoredSubscription s = SubscriptionStore.subscription(rows);
        long since = Math.max(s.createdAt(), rows.getLong(SubscriptionStore.COLUMN_COUNT + 1));
        byWorkspace.computeIfAbsent(s.workspaceId(), w -> new ArrayList<>()).add(new Active(s.subscriptionId(), s.events(), since));
      }
    }
    return byWorkspace;
  }
}
