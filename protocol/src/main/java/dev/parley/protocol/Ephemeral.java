package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/** Event data that has no {@code seq} and is not stored. */
public final class Ephemeral {
  private Ephemeral() {}

  public static final String GAP = "gap";
  /** This node is leaving: reconnect, possibly to another node. */
  public static final String DRAINING = "draining";
  public static final String TYPING = "typing";
  public static final String PRESENCE = "presence";
  /** Several presence changes in one frame, to a client that asked for {@link Features#PRESENCE_BATCH}. */
  public static final String PRESENCE_BATCH = "presence.batch";
  public static final String READ = "read";
  public static final String RECEIPT = "receipt";
  public static final String CALL_SIGNAL = "call.signal";
  public static final String CHANNEL_ADDED = "channel.added";
  /** The user was removed from a workspace: its channels have gone from the user's channels already. */
  public static final String WORKSPACE_REMOVED = "workspace.removed";

  /** Events after {@code after} could not be replayed: fetch them with {@code history}. */
  public record Gap(String channelId, long after) {}

  public record Typing(String channelId, String userId) {}

  /** {@code status}: online, away, dnd or offline. */
  public record Presence(String userId, String status) {}

  /** The changes of a short while, the latest per user, in the order they happened. */
  public record PresenceBatch(List<Presence> changes) {}

  /** The same user read up to {@code seq} on another connection. */
  public record Read(String channelId, long seq) {}

  /** Another member of a DM read up to {@code seq}. */
  public record Receipt(String channelId, String userId, long seq) {}

  /** {@code payload} is the JSON text the caller sent, relayed unchanged. */
  public record CallSignal(String fromUserId, String callId, String kind, @JsonRawValue String payload) {}

  public record ChannelAdded(Views.Channel channel) {}

  public record WorkspaceRemoved(String workspaceId) {}
}
