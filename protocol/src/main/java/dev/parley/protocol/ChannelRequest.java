package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;

/** Channel operations: creating, joining, leaving, adding, topic, DMs and administration. */
public sealed interface ChannelRequest extends Request {

  /** A workspace owner or admin renames a channel (not a DM); the name is unique in the workspace. */
  record ChannelRename(String channelId, String name) implements ChannelRequest {
    public String op() {
      return "channel.rename";
    }

    public ChannelRename validate(Limits limits) {
      return new ChannelRename(limits.id("channelId", channelId), limits.channelName(name));
    }
  }

  /** A workspace owner's or admin's action on a channel: {@code channel.archive}, {@code channel.unarchive}, {@code channel.delete}. */
  record ChannelAction(String op, String channelId) implements ChannelRequest {
    public static final Set<String> OPS = Set.of("channel.archive", "channel.unarchive", "channel.delete");

    public ChannelAction validate(Limits limits) {
      return new ChannelAction(op, limits.id("channelId", channelId));
    }
  }

  record ChannelCreate(
      String workspaceId, String name, @JsonProperty("private") Boolean isPrivate, String topic)
      implements ChannelRequest {
    public String op() {
      return "channel.create";
    }

    public ChannelCreate validate(Limits limits) {
      return new ChannelCreate(
          limits.id("workspaceId", workspaceId),
          limits.channelName(name),
          Boolean.TRUE.equals(isPrivate),
          limits.topic(topic));
    }
  }

  record ChannelJoin(String channelId) implements ChannelRequest {
    public String op() {
      return "channel.join";
    }

    public ChannelJoin validate(Limits limits) {
      return new ChannelJoin(limits.id("channelId", channelId));
    }
  }

  record ChannelLeave(String channelId) implements ChannelRequest {
    public String op() {
      return "channel.leave";
    }

    public ChannelLeave validate(Limits limits) {
      return new ChannelLeave(limits.id("channelId", channelId));
    }
  }

  record ChannelAdd(String channelId, String userId) implements ChannelRequest {
    public String op() {
      return "channel.add";
    }

    public ChannelAdd validate(Limits limits) {
      return new ChannelAdd(limits.id("channelId", channelId), limits.id("userId", userId));
    }
  }

  record ChannelTopic(String channelId, String topic) implements ChannelRequest {
    public String op() {
      return "channel.topic";
    }

    public ChannelTopic validate(Limits limits) {
      Limits.required("topic", topic);
      return new ChannelTopic(limits.id("channelId", channelId), limits.topic(topic));
    }
  }

  record DmOpen(String workspaceId, List<String> userIds) implements ChannelRequest {
    public String op() {
      return "dm.open";
    }

    public DmOpen validate(Limits limits) {
      return new DmOpen(limits.id("workspaceId", workspaceId), limits.dmUsers(userIds));
    }
  }
}
