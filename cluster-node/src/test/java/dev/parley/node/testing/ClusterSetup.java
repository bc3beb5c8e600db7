package dev.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A workspace with channels and members, made through the cluster's nodes. Every step retries
 * {@code unavailable}, so a set-up right after a fault or a start does not fail on a moving entity.
 */
public record ClusterSetup(
    Accounts.User owner, String workspaceId, List<String> channelIds, String inviteCode, List<Accounts.User> members) {

  /** Members registered and joined in parallel: a storm's hundreds of users would take minutes one by one. */
  private static final int JOINING_AT_ONCE = 8;
  /** Past the server's allowance for finishing a half-done channel creation (10 s by default). */
  private static final Duration LISTED_WITHIN = Duration.ofSeconds(30);

  private static Accounts.User join(LocalCluster cluster, int node, String code, List<String> channelIds) {
    Accounts.User user = Accounts.newUser(cluster.node(node).httpUrl(), "member");
    join(cluster, node, user, code, channelIds);
    return user;
  }

  private static void join(LocalCluster cluster, int node, Accounts.User user, String code, List<String> channelIds) {
    try (WsClient client = WsClient.authenticated(cluster.node(node).wsUrl(), user.accessToken())) {
      client.okWhenAvailable("workspace.join", n -> n.put("code", code));
      for (String channelId : channelIds) {
        client.okWhenAvailable("channel.join", n -> n.put("channelId", channelId));
      }
    }
  }

  /** Makes an existing user, such as a writer shared by several workspaces, a member of this one and all its channels. */
  public void admit(LocalCluster cluster, Accounts.User user) {
    join(cluster, 0, user, inviteCode, channelIds);
  }

  /**
   * A new channel's id. A create answered {@code unavailable} may still have reserved the name, and
   * the server then finishes it: a retry answered {@code conflict} waits for the channel to be listed.
   */
  private static String createChannel(WsClient admin, String workspaceId, String name) {
    long deadline = System.nanoTime() + LISTED_WITHIN.toNanos();
    boolean retried = false;
    while (true) {
      JsonNode reply = admin.request("channel.create", n -> n.put("workspaceId", workspaceId).put("name", name));
      String code = reply.path("code").asText();
      if ("ok".equals(reply.path("op").asText())) {
        return reply.path("data").path("channel").path("id").asText();
      } else if (retried && "conflict".equals(code)) {
        LocalCluster.awaitCondition(() -> listedId(admin, workspaceId, name) != null, LISTED_WITHIN, name + " listed");
        return listedId(admin, workspaceId, name);
      } else if (!"unavailable".equals(code) || System.nanoTime() > deadline) {
        throw new IllegalStateException("channel.create " + name + " failed: " + reply);
      }
      retried = true;
    }
  }

  private static String listedId(WsClient admin, String workspaceId, String name) {
    for (JsonNode channel : admin.okWhenAvailable("workspace.channels", n -> n.put("workspaceId", workspaceId)).path("channels")) {
      if (name.equals(channel.path("name").asText())) {
        return channel.path("id").asText();
      }
    }
    return null;
  }

  /** {@code members} users, each a member of every one of {@code channels} channels. */
  public static ClusterSetup create(LocalCluster cluster, int channels, int members) {
    Accounts.User owner = Accounts.newUser(cluster.node(0).httpUrl(), "owner");
    List<String> channelIds = new ArrayList<>();
    List<Accounts.User> users = new ArrayList<>();
    try (WsClient admin = WsClient.authenticated(cluster.node(0).wsUrl(), owner.accessToken())) {
      String workspaceId = admin.okWhenAvailable("workspace.create", n -> n.put("name", "Cluster")).path("workspace").path("id").asText();
      for (int c = 0; c < channels; c++) {
        String name = "c" + c;
        channelIds.add(createChannel(admin, workspaceId, name));
      }
      String code = admin.okWhenAvailable("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      ExecutorService joining = Executors.newFixedThreadPool(JOINING_AT_ONCE);
      try {
        List<Future<Accounts.User>> joined = new ArrayList<>();
        for (int m = 0; m < members; m++) {
          int member = m;
          joined.add(joining.submit(() -> join(cluster, member % cluster.size(), code, channelIds)));
        }
        for (Future<Accounts.User> user : joined) {
          users.add(user.get());
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("a member could not join", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        joining.shutdownNow();
      }
      return new ClusterSetup(owner, workspaceId, List.copyOf(channelIds), code, List.copyOf(users));
    }
  }
}
