package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.WireCodec.IncomingFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel event, live or from {@code history}: every type has {@code channelId} and {@code seq},
 * including types this client does not show, so a raw {@code data} is kept for those.
 */
record ChannelEvent(String type, String channelId, long seq, JsonNode data) {

  /** The channel event in a pushed frame, or null for an ephemeral one (no channelId/seq). */
  static ChannelEvent of(IncomingFrame frame) {
    return of(frame.type(), frame.data());
  }

  static ChannelEvent of(String type, JsonNode data) {
    if (type == null || data == null || !data.path("channelId").isTextual() || !data.path("seq").canConvertToLong()) {
      return null;
    }
    return new ChannelEvent(type, data.get("channelId").asText(), data.get("seq").asLong(), data);
  }

  /**
   * The entries of a {@code history} reply, {@code {"events":[{"type","data"}],"hasMore"}}.
   * (The protocol's {@code Reply.History} cannot be bound: its data is an abstract type.)
   */
  static List<ChannelEvent> ofHistory(JsonNode reply) {
    List<ChannelEvent> events = new ArrayList<>();
    for (JsonNode entry : reply.path("events")) {
      ChannelEvent event = of(entry.path("type").asText(null), entry.path("data"));
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }
}
