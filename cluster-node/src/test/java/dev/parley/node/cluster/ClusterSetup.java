package dev.parley.node.cluster;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.WsClient;
import java.util.ArrayList;
import java.util.List;

/** A workspace with channels and members, made through the cluster's nodes. */
record ClusterSetup(Accounts.User owner, String workspaceId, List<String> channelIds, List<Accounts.User> members) {

  /** {@code members} users, each a member of every one of {@code channels} channels. */
  static ClusterSetup create(LocalCluster cluster, int channels, int members) {
    Accounts.User owner = Accounts.newUser(cluster.node(0).httpUrl(), "owner");
    List<String> channelIds = new ArrayList<>();
    List<Accounts.User> users = new ArrayList<>();
    try (WsClient admin = WsClient.authenticated(cluster.node(0).wsUrl(), owner.accessToken())) {
      String workspaceId = admin.ok("workspace.create", n -> n.put("name", "Cluster")).path("workspace").path("id").asText();
      for (int c = 0; c < channels; c++) {
        String name = "c" + c;
        channelIds.add(
            admin.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", name)).path("channel").path("id").asText());
      }
      for (int m = 0; m < members; m++) {
        int node = m % cluster.size();
        Accounts.User user = Accounts.newUser(cluster.node(node).httpUrl(), "member");
        String code = admin.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
        try (WsClient client = WsClient.authenticated(cluster.node(node).wsUrl(), user.accessToken())) {
          client.ok("workspace.join", n -> n.put("code", code));
          for (String channelId : channelIds) {
            client.ok("channel.join", n -> n.put("channelId", channelId));
          }
        }
        users.add(user);
      }
      return new ClusterSetup(owner, workspaceId, List.copyOf(channelIds), List.copyOf(users));
    }
  }
}
