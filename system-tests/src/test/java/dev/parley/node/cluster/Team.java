package dev.parley.node.cluster;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.WsClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh workspace whose members each hold a WebSocket on a node of their own, for tests of what
 * every member receives over the wire. Closing the team closes every connection it opened.
 */
final class Team implements AutoCloseable {

  /** A user and its first connection. */
  record Member(Accounts.User user, WsClient ws) {
    String id() {
      return user.userId();
    }
  }

  private final LocalCluster cluster;
  private final String workspaceId;
  private final List<Member> members = new ArrayList<>();
  private final List<WsClient> connections = new ArrayList<>();

  private Team(LocalCluster cluster, String workspaceId) {
    this.cluster = cluster;
    this.workspaceId = workspaceId;
  }

  /**
   * Member {@code i} connects to node {@code nodes[i]}; the first creates the workspace (its
   * owner), the others join it with an invite.
   */
  static Team of(LocalCluster cluster, int... nodes) {
    Member owner = member(cluster, nodes[0]);
    String workspaceId = owner.ws().ok("workspace.create", n -> n.put("name", "Contract")).path("workspace").path("id").asText();
    Team team = new Team(cluster, workspaceId);
    team.add(owner);
    for (int i = 1; i < nodes.length; i++) {
      Member member = member(cluster, nodes[i]);
      team.add(member);
      member.ws().ok("workspace.join", n -> n.put("code", team.invite()));
    }
    return team;
  }

  private static Member member(LocalCluster cluster, int node) {
    Accounts.User user = Accounts.newUser(cluster.node(node).httpUrl(), "u");
    return new Member(user, WsClient.authenticated(cluster.node(node).wsUrl(), user.accessToken()));
  }

  private void add(Member member) {
    members.add(member);
    connections.add(member.ws());
  }

  String workspaceId() {
    return workspaceId;
  }

  Member get(int index) {
    return members.get(index);
  }

  Member owner() {
    return members.get(0);
  }

  String invite() {
    return owner().ws().ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
  }

  /** Another connection of {@code member}, to {@code node}. */
  WsClient connect(Member member, int node) {
    WsClient client = WsClient.authenticated(cluster.node(node).wsUrl(), member.user().accessToken());
    connections.add(client);
    return client;
  }

  ApiClient api(Member member, int node) {
    return ApiClient.as(cluster.node(node).httpUrl(), member.user().accessToken());
  }

  /** A public channel the owner creates and every other member joins. */
  String channel(String name) {
    String channelId =
        owner()
            .ws()
            .ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", name))
            .path("channel")
            .path("id")
            .asText();
    for (Member member : members.subList(1, members.size())) {
      member.ws().ok("channel.join", n -> n.put("channelId", channelId));
    }
    return channelId;
  }

  @Override
  public void close() {
    connections.forEach(WsClient::close);
  }
}
