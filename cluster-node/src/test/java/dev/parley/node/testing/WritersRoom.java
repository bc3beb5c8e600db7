package dev.parley.node.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * One workspace with one channel, {@code log}, that {@code writers} users joined: what the
 * durability tests post into from outside, set up over the wire on one node process.
 */
public record WritersRoom(String channelId, List<Accounts.User> writers) {

  public static WritersRoom create(NodeProcess node, String workspaceName, int writerCount) {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
    List<Accounts.User> writers = new ArrayList<>();
    try (WsClient admin = WsClient.authenticated(node.wsUrl(), owner.accessToken())) {
      String workspaceId = admin.ok("workspace.create", n -> n.put("name", workspaceName)).path("workspace").path("id").asText();
      String channelId =
          admin.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "log")).path("channel").path("id").asText();
      for (int i = 0; i < writerCount; i++) {
        Accounts.User writer = Accounts.newUser(node.httpUrl(), "writer");
        String code = admin.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
        try (WsClient w = WsClient.authenticated(node.wsUrl(), writer.accessToken())) {
          w.ok("workspace.join", n -> n.put("code", code));
          w.ok("channel.join", n -> n.put("channelId", channelId));
        }
        writers.add(writer);
      }
      return new WritersRoom(channelId, List.copyOf(writers));
    }
  }
}
