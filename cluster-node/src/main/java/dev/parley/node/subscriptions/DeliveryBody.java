package dev.parley.node.subscriptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.protocol.ChannelEventData;
import dev.parley.protocol.Views;
import java.util.List;

/**
 * The JSON a receiver gets for an event (docs/protocol.md, "Event subscriptions"): {@code id}
 * ({@code <channelId>:<seq>}, the same on every attempt, for receivers to drop repeats), {@code
 * type}, {@code workspaceId}, {@code channelId} and {@code data} as the event is on the wire.
 */
final class DeliveryBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeliveryBody() {}

  static String eventId(String channelId, long seq) {
    return channelId + ":" + seq;
  }

  /** A post whose text is open (not sealed, not erased). */
  static String posted(String workspaceId, String channelId, ChannelEvent.MessagePosted p) {
    List<Views.File> files =
        p.files().isEmpty()
            ? null
            : p.files().stream()
                .map(f -> new Views.File(f.id(), f.name(), f.size(), f.contentType(), f.thumbnail() ? Boolean.TRUE : null))
                .toList();
    ChannelEventData.MessagePosted data =
        new ChannelEventData.MessagePosted(
            channelId, p.seq(), p.author(), p.text(), p.ts(), p.clientMsgId(), p.threadSeq(), p.mentions(), null, files, p.hookName());
    ObjectNode body = JSON.createObjectNode();
    body.put("id", eventId(channelId, p.seq()));
    body.put("type", ChannelEventData.MessagePosted.TYPE);
    body.put("workspaceId", workspaceId);
    body.put("channelId", channelId);
    body.set("data", JSON.valueToTree(data));
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values is always written", e);
    }
  }
}
