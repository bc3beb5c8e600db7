package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The {@code data} objects of {@code ok} replies, one record per shape. */
public final class Reply {
  private Reply() {}

  public record Empty() {}

  public record AuthOk(
      Views.User user, String sessionId, List<Views.Workspace> workspaces, List<Views.Channel> channels) {}

  public record WorkspaceCreated(Views.Workspace workspace) {}

  public record Invite(String code) {}

  public record Members(List<Views.Member> members) {}

  public record ChannelOk(Views.Channel channel) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Posted(long seq, long ts, Boolean duplicate) {}

  public record History(List<Views.HistoryEntry> events, boolean hasMore) {}

  /** The seq of the channel event a write produced (edit, delete, reaction, topic). */
  public record Seq(long seq) {}
}
