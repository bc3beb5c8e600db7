package dev.parley.node.subscriptions;

import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.Serialization;
import scala.util.Try;

/**
 * The workspace and kind of a channel, which its posts do not carry: read from the channel's first
 * journal event ({@link ChannelEvent.Created}), so that channels made before the projection started
 * are known too. Neither ever changes, so each is read once and kept (the most recent channels).
 */
final class ChannelOrigins {
  record Origin(String workspaceId, ChannelKind kind) {}

  /** Channels kept; one more read of the journal is all that forgetting one costs. */
  private static final int KEPT = 10_000;

  private final Serialization serialization;
  private final Map<String, Origin> kept =
      new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Origin> eldest) {
          return size() > KEPT;
        }
      };

  ChannelOrigins(Serialization serialization) {
    this.serialization = serialization;
  }

  /** Empty when the channel's first event is not in the journal. */
  Optional<Origin> of(Connection connection, String channelId) throws SQLException {
    Origin origin = kept.get(channelId);
    if (origin != null) {
      return Optional.of(origin);
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT \"event_ser_id\", \"event_ser_manifest\", \"event_payload\" FROM \"event_journal\""
                + " WHERE \"persistence_id\" = ? AND \"sequence_number\" = 1")) {
      select.setString(1, PersistenceId.of(Channel.ENTITY_KEY.name(), channelId).id());
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        Try<Object> event = serialization.deserialize(rows.getBytes(3), rows.getInt(1), rows.getString(2));
        if (event.isFailure() || !(event.get() instanceof ChannelEvent.Created created)) {
          return Optional.empty();
        }
        origin = new Origin(created.workspaceId(), created.kind());
        kept.put(channelId, origin);
        return Optional.of(origin);
      }
    }
  }
}
