package dev.parley.node.subscriptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.protocol.ChannelEventData;
import dev.parley.protocol.SubscriptionRequest;
import dev.parley.protocol.Views;
import java.util.List;

/**
 * The JSON a receiver gets for an event (docs/protocol.md, "Event subscriptions"): {@code id}
 * (the same on every attempt, for receivers to drop repeats), {@code type}, {@code workspaceId},
 * {@code channelId}, for {@code bot.mentioned} the {@code bot}, and {@code data}: the post as it
 * is on the wire. A {@code message.posted} id is {@code <channelId>:<seq>}, a {@code bot.mentioned}
 * one {@code <channelId>:<seq>:<bot's user id>}: ids never contain a colon, so neither kind can
 * be taken for the other.
 */
final class DeliveryBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeliveryBody() {}

  static String eventId(String channelId, long seq) {
    return channelId + ":" + seq;
  }

  static String mentionId(String channelId, long seq, BotMembers.Bot bot) {
    return eventId(channelId, seq) + ":" + bot.userId();
  }

  /** A post whose text is open (not sealed, not erased). */
  static String posted(String workspaceId, String channelId, ChannelEvent.MessagePosted p) {
    return written(body(eventId(channelId, p.seq()), ChannelEventData.MessagePosted.TYPE, workspaceId, channelId, null, p));
  }

  /** A post whose text is open that mentions {@code bot}, a member of its channel. */
  static String mentioned(String workspaceId, String channelId, ChannelEvent.MessagePosted p, BotMembers.Bot bot) {
    return written(body(mentionId(channelId, p.seq(), bot), SubscriptionRequest.BOT_MENTIONED, workspaceId, channelId, bot, p));
  }

  /** {@code bot}: null but for {@code bot.mentioned}. */
  private static ObjectNode body(
      String id, String type, String workspaceId, String channelId, BotMembers.Bot bot, ChannelEvent.MessagePosted p) {
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
    body.put("id", id);
    body.put("type", type);
    body.put("workspaceId", workspaceId);
    body.put("channelId", channelId);
    if (bot != null) {
      body.putObject("bot").put("userId", bot.userId()).put("name", bot.name());
    }
    body.set("data", JSON.valueToTree(data));
    return body;
  }

  private static String written(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values is always written", e);
    }
  }
}
