package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The shapes of users, workspaces, channels and members as the contract shows them. */
public final class Views {
  private Views() {}

  public record User(String id, String username, String displayName) {}

  public record Workspace(String id, String name, String role) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Channel(
      String id,
      String workspaceId,
      String name,
      String kind,
      String topic,
      Long lastSeq,
      Long readSeq,
      Integer mentions) {}

  public record Member(String userId, String username, String role, String presence) {}

  /** One entry of {@code history}: a channel event without the {@code op}. */
  public record HistoryEntry(String type, ChannelEventData data) {}

  public record Channels(List<Channel> channels) {}
}
