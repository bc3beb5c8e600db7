package dev.parley.node.authz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the authorization matrix is checked against, built once over the wire on one node:
 *
 * <ul>
 *   <li>workspace W: owner O, admin A, members M and N; workspace W2: X (its owner) and Y;
 *   <li>public channel P (O, A, M), private channel Q (O, M), the DM D of O and M, all with a
 *       message by M that holds {@link #secret}; N is in none of them;
 *   <li>public channel B (O, M, N) with a message by O that holds {@link #secret}, and the DM of O
 *       and N: where N sees ordinary traffic, so it serves as a barrier for N;
 *   <li>channel W2C of W2 (X, Y): the same for X.
 * </ul>
 *
 * Rows that change something work on fresh data (a new message, channel or member), so that every
 * row sees this world as described.
 */
final class World implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();

  final TestNode node;
  final Accounts.User owner;
  final Accounts.User admin;
  final Accounts.User member;
  final Accounts.User nonMember;
  final Accounts.User outsider;
  final Accounts.User outsiderPeer;
  final String workspace;
  final String otherWorkspace;
  final String publicChannel;
  final String privateChannel;
  final String dm;
  final String commons;
  final String ownerDmWithNonMember;
  final String otherChannel;
  /** A word in no message but M's in P, Q, D and O's in B, for search. */
  final String secret = "zq" + UUID.randomUUID().toString().replace("-", "");
  /** The seq of M's message in P, Q and D, and of O's in B. */
  private final Map<String, Long> messages = new ConcurrentHashMap<>();
  private final Map<String, WsClient> sockets = new ConcurrentHashMap<>();

  World(TestNode node) {
    this.node = node;
    owner = newUser("owner");
    admin = newUser("admin");
    member = newUser("member");
    nonMember = newUser("nonmember");
    outsider = newUser("outsider");
    outsiderPeer = newUser("peer");

    workspace = ok(owner, "workspace.create", n -> n.put("name", "W")).path("workspace").path("id").asText();
    for (Accounts.User user : new Accounts.User[] {admin, member, nonMember}) {
      join(user, workspace, inviteCode(owner, workspace));
    }
    ok(owner, "workspace.role", n -> n.put("workspaceId", workspace).put("userId", admin.userId()).put("role", "admin"));
    otherWorkspace = ok(outsider, "workspace.create", n -> n.put("name", "W2")).path("workspace").path("id").asText();
    join(outsiderPeer, otherWorkspace, inviteCode(outsider, otherWorkspace));

    publicChannel = createChannel(owner, workspace, false);
    ok(admin, "channel.join", n -> n.put("channelId", publicChannel));
    ok(member, "channel.join", n -> n.put("channelId", publicChannel));
    privateChannel = createChannel(owner, workspace, true);
    add(owner, privateChannel, member);
    dm = openDm(owner, member);
    commons = createChannel(owner, workspace, false);
    ok(member, "channel.join", n -> n.put("channelId", commons));
    ok(nonMember, "channel.join", n -> n.put("channelId", commons));
    ownerDmWithNonMember = openDm(owner, nonMember);
    otherChannel = createChannel(outsider, otherWorkspace, false);
    ok(outsiderPeer, "channel.join", n -> n.put("channelId", otherChannel));

    for (String channel : new String[] {publicChannel, privateChannel, dm}) {
      messages.put(channel, post(member, channel, "the plan, " + secret));
    }
    messages.put(commons, post(owner, commons, "the commons, " + secret));
  }

  /** The authenticated socket of {@code user}, opened on first use and kept until {@link #close}. */
  WsClient socket(Accounts.User user) {
    return sockets.computeIfAbsent(user.userId(), id -> WsClient.authenticated(node.wsUrl(), user.accessToken()));
  }

  JsonNode ok(Accounts.User user, String op, WsClient.Fields fields) {
    return socket(user).ok(op, fields);
  }

  Accounts.User newUser(String prefix) {
    return Accounts.newUser(node.httpUrl(), prefix);
  }

  /** A new user who joined W and nothing else. */
  Accounts.User freshMember() {
    Accounts.User user = newUser("fresh");
    join(user, workspace, inviteCode(owner, workspace));
    return user;
  }

  /** A new admin of W, in none of its channels. */
  Accounts.User freshAdmin() {
    Accounts.User user = freshMember();
    ok(owner, "workspace.role", n -> n.put("workspaceId", workspace).put("userId", user.userId()).put("role", "admin"));
    return user;
  }

  /** A new public channel of W, with only O in it. */
  String freshPublicChannel() {
    return createChannel(owner, workspace, false);
  }

  /** A new private channel of W made by O, with {@code others} added. */
  String freshPrivateChannel(Accounts.User... others) {
    String channel = createChannel(owner, workspace, true);
    for (Accounts.User other : others) {
      add(owner, channel, other);
    }
    return channel;
  }

  /** A new message of {@code author}; its seq. */
  long freshPost(Accounts.User author, String channel) {
    return post(author, channel, "fresh");
  }

  /** A new reaction of {@code user} on the world's message in {@code channel}; its emoji. */
  String freshReaction(Accounts.User user, String channel) {
    String emoji = ":r" + NAMES.incrementAndGet() + ":";
    ok(user, "reaction.add", n -> n.put("channelId", channel).put("seq", message(channel)).put("emoji", emoji));
    return emoji;
  }

  /** The seq of the world's message in P, Q, D or B; 1 in any other channel. */
  long message(String channel) {
    return messages.getOrDefault(channel, 1L);
  }

  String inviteCode(Accounts.User by, String workspaceId) {
    return ok(by, "workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
  }

  private void join(Accounts.User user, String workspaceId, String code) {
    ok(user, "workspace.join", n -> n.put("code", code));
  }

  private String createChannel(Accounts.User creator, String workspaceId, boolean isPrivate) {
    String name = "c" + NAMES.incrementAndGet();
    return ok(creator, "channel.create", n -> n.put("workspaceId", workspaceId).put("name", name).put("private", isPrivate))
        .path("channel")
        .path("id")
        .asText();
  }

  void add(Accounts.User by, String channel, Accounts.User user) {
    ok(by, "channel.add", n -> n.put("channelId", channel).put("userId", user.userId()));
  }

  private String openDm(Accounts.User by, Accounts.User other) {
    return ok(by, "dm.open", n -> {
          n.put("workspaceId", workspace);
          n.putArray("userIds").add(other.userId());
        })
        .path("channel")
        .path("id")
        .asText();
  }

  long post(Accounts.User author, String channel, String text) {
    String clientMsgId = UUID.randomUUID().toString();
    return ok(author, "message.post", n -> n.put("channelId", channel).put("clientMsgId", clientMsgId).put("text", text))
        .path("seq")
        .asLong();
  }

  @Override
  public void close() {
    sockets.values().forEach(WsClient::close);
  }
}
