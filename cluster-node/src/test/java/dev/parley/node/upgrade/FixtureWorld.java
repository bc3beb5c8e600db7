package dev.parley.node.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The generator's users doing things over the wire, and its model of what they did: what a node
 * on the resulting journal must show, whatever version it runs.
 */
final class FixtureWorld implements AutoCloseable {

  /** A user of the fixture, connected with the access token of the first login. */
  static final class Person {
    final String username;
    final String password;
    String userId;
    String accessToken;
    WsClient client;
    String presence = "online";
    String liveRefreshToken;
    final List<String> revokedRefreshTokens = new ArrayList<>();

    Person(String username) {
      this.username = username;
      this.password = "fixture-password-" + username;
    }
  }

  static final class Space {
    final String id;
    String name;
    Person owner;
    final Set<Person> members = new LinkedHashSet<>();

    Space(String id, String name, Person owner) {
      this.id = id;
      this.name = name;
      this.owner = owner;
      members.add(owner);
    }
  }

  static final class Room {
    final String id;
    final Space space;
    String name;
    final String kind;
    final Set<Person> members = new LinkedHashSet<>();
    final TreeMap<Long, Facts.Message> messages = new TreeMap<>();
    final TreeMap<Long, List<Long>> threads = new TreeMap<>();

    Room(String id, Space space, String name, String kind) {
      this.id = id;
      this.space = space;
      this.name = name;
      this.kind = kind;
    }
  }

  final TestNode node;
  final Map<String, Person> people = new LinkedHashMap<>();
  final List<Space> spaces = new ArrayList<>();
  final List<Room> rooms = new ArrayList<>();

  FixtureWorld(TestNode node) {
    this.node = node;
  }

  // Accounts and tokens

  Person register(String username, String displayName) {
    Person person = new Person(username);
    HttpResponse<String> registered =
        Accounts.post(
            node.httpUrl(),
            "/v1/auth/register",
            json("username", username, "password", person.password, "displayName", displayName));
    assertEquals(201, registered.statusCode(), registered.body());
    JsonNode tokens = login(person);
    person.userId = tokens.path("userId").asText();
    person.accessToken = tokens.path("accessToken").asText();
    person.liveRefreshToken = tokens.path("refreshToken").asText();
    person.client = WsClient.authenticated(node.wsUrl(), person.accessToken);
    people.put(username, person);
    return person;
  }

  /** A new session: a new family of refresh tokens. */
  JsonNode login(Person person) {
    HttpResponse<String> response =
        Accounts.post(node.httpUrl(), "/v1/auth/login", json("username", person.username, "password", person.password));
    assertEquals(200, response.statusCode(), response.body());
    return Accounts.json(response);
  }

  /** The next refresh token of the same family; {@code expectedStatus} 401 when it must be refused. */
  String refresh(String refreshToken, int expectedStatus) {
    HttpResponse<String> response = Accounts.post(node.httpUrl(), "/v1/auth/refresh", json("refreshToken", refreshToken));
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return expectedStatus == 200 ? Accounts.json(response).path("refreshToken").asText() : null;
  }

  void logout(String refreshToken) {
    HttpResponse<String> response = Accounts.post(node.httpUrl(), "/v1/auth/logout", json("refreshToken", refreshToken));
    assertEquals(204, response.statusCode(), response.body());
  }

  void logoutEverywhere(Person person) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/auth/logout"))
            .timeout(WsClient.TIMEOUT)
            .header("Authorization", "Bearer " + person.accessToken)
            .POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}"))
            .build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(204, response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String json(String... keysAndValues) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      body.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return body.toString();
  }

  // Workspaces

  Space workspace(Person owner, String name) {
    String id = owner.client.ok("workspace.create", n -> n.put("name", name)).path("workspace").path("id").asText();
    Space space = new Space(id, name, owner);
    spaces.add(space);
    return space;
  }

  void invite(Person inviter, Space space, Person... joiners) {
    String code = inviter.client.ok("workspace.invite", n -> n.put("workspaceId", space.id)).path("code").asText();
    for (Person joiner : joiners) {
      joiner.client.ok("workspace.join", n -> n.put("code", code));
      space.members.add(joiner);
    }
  }

  void role(Person owner, Space space, Person member, String role) {
    owner.client.ok("workspace.role", n -> n.put("workspaceId", space.id).put("userId", member.userId).put("role", role));
  }

  // Workspace administration

  String inviteWithTerms(Person inviter, Space space, long expiresInSeconds, int maxUses) {
    return inviter
        .client
        .ok("workspace.invite", n -> n.put("workspaceId", space.id).put("expiresIn", expiresInSeconds).put("maxUses", maxUses))
        .path("code")
        .asText();
  }

  void join(Person joiner, Space space, String code) {
    joiner.client.ok("workspace.join", n -> n.put("code", code));
    space.members.add(joiner);
  }

  void revoke(Person by, Space space, String code) {
    by.client.ok("workspace.invite.revoke", n -> n.put("workspaceId", space.id).put("code", code));
  }

  /** Out of the workspace and every channel of it. */
  void remove(Person by, Space space, Person member) {
    by.client.ok("workspace.remove", n -> n.put("workspaceId", space.id).put("userId", member.userId));
    space.members.remove(member);
    rooms.stream().filter(room -> room.space == space).forEach(room -> room.members.remove(member));
  }

  void transfer(Person owner, Space space, Person heir) {
    owner.client.ok("workspace.transfer", n -> n.put("workspaceId", space.id).put("userId", heir.userId));
    space.owner = heir;
  }

  void rename(Person by, Space space, String name) {
    by.client.ok("workspace.rename", n -> n.put("workspaceId", space.id).put("name", name));
    space.name = name;
  }

  void archive(Person by, Room room, boolean archived) {
    by.client.ok(archived ? "channel.archive" : "channel.unarchive", n -> n.put("channelId", room.id));
  }

  void rename(Person by, Room room, String name) {
    by.client.ok("channel.rename", n -> n.put("channelId", room.id).put("name", name));
    room.name = name;
  }

  /** A deleted channel is no fact of the journal's readers: nobody reads it. */
  void deleteChannel(Person by, Room room) {
    by.client.ok("channel.delete", n -> n.put("channelId", room.id));
    rooms.remove(room);
  }

  // Channels

  Room channel(Person creator, Space space, String name, boolean isPrivate, String topic) {
    String id =
        creator
            .client
            .ok("channel.create", n -> n.put("workspaceId", space.id).put("name", name).put("private", isPrivate).put("topic", topic))
            .path("channel")
            .path("id")
            .asText();
    Room room = new Room(id, space, name, isPrivate ? "private" : "public");
    room.members.add(creator);
    rooms.add(room);
    return room;
  }

  Room dm(Person opener, Space space, Person... others) {
    JsonNode channel =
        opener
            .client
            .ok(
                "dm.open",
                n -> {
                  var ids = n.putArray("userIds");
                  Arrays.stream(others).forEach(o -> ids.add(o.userId));
                  n.put("workspaceId", space.id);
                })
            .path("channel");
    Room room = new Room(channel.path("id").asText(), space, channel.path("name").asText(), "dm");
    room.members.add(opener);
    room.members.addAll(List.of(others));
    rooms.add(room);
    return room;
  }

  void join(Person person, Room room) {
    person.client.ok("channel.join", n -> n.put("channelId", room.id));
    room.members.add(person);
  }

  void add(Person adder, Room room, Person added) {
    adder.client.ok("channel.add", n -> n.put("channelId", room.id).put("userId", added.userId));
    room.members.add(added);
  }

  void leave(Person person, Room room) {
    person.client.ok("channel.leave", n -> n.put("channelId", room.id));
    room.members.remove(person);
  }

  void topic(Person person, Room room, String topic) {
    person.client.ok("channel.topic", n -> n.put("channelId", room.id).put("topic", topic));
  }

  // Messages

  long post(Person author, Room room, String text) {
    return post(author, room, text, null);
  }

  long reply(Person author, Room room, long root, String text) {
    long seq = post(author, room, text, root);
    room.threads.computeIfAbsent(root, r -> new ArrayList<>()).add(seq);
    return seq;
  }

  private long post(Person author, Room room, String text, Long threadSeq) {
    long seq =
        author
            .client
            .ok(
                "message.post",
                n -> {
                  n.put("channelId", room.id).put("clientMsgId", UUID.randomUUID().toString()).put("text", text);
                  if (threadSeq != null) {
                    n.put("threadSeq", threadSeq);
                  }
                })
            .path("seq")
            .asLong();
    room.messages.put(seq, new Facts.Message(author.userId, text, threadSeq, false, Map.of()));
    return seq;
  }

  void edit(Person author, Room room, long seq, String text) {
    author.client.ok("message.edit", n -> n.put("channelId", room.id).put("seq", seq).put("text", text));
    Facts.Message m = room.messages.get(seq);
    room.messages.put(seq, new Facts.Message(m.author(), text, m.threadSeq(), false, m.reactions()));
  }

  void delete(Person person, Room room, long seq) {
    person.client.ok("message.delete", n -> n.put("channelId", room.id).put("seq", seq));
    Facts.Message m = room.messages.get(seq);
    room.messages.put(seq, new Facts.Message(m.author(), null, m.threadSeq(), true, m.reactions()));
  }

  void react(Person person, Room room, long seq, String emoji, boolean add) {
    person.client.ok(add ? "reaction.add" : "reaction.remove", n -> n.put("channelId", room.id).put("seq", seq).put("emoji", emoji));
    Facts.Message m = room.messages.get(seq);
    Map<String, List<String>> reactions = new TreeMap<>();
    m.reactions().forEach((e, users) -> reactions.put(e, new ArrayList<>(users)));
    TreeSet<String> users = new TreeSet<>(reactions.getOrDefault(emoji, List.of()));
    if (add) {
      users.add(person.userId);
    } else {
      users.remove(person.userId);
    }
    if (users.isEmpty()) {
      reactions.remove(emoji);
    } else {
      reactions.put(emoji, List.copyOf(users));
    }
    room.messages.put(seq, new Facts.Message(m.author(), m.text(), m.threadSeq(), m.deleted(), reactions));
  }

  void read(Person person, Room room, long seq) {
    person.client.ok("read", n -> n.put("channelId", room.id).put("seq", seq));
  }

  void presence(Person person, String status) {
    person.client.ok("presence.set", n -> n.put("status", status));
    person.presence = status;
  }

  // What a node on the journal must answer

  /** The code {@code history} gives each user who is not a member of {@code room}. */
  Map<String, String> refused(Room room) {
    Map<String, String> refused = new TreeMap<>();
    for (Person person : people.values()) {
      if (!room.members.contains(person)) {
        boolean seesIt = room.kind.equals("public") && room.space.members.contains(person);
        refused.put(person.username, seesIt ? "forbidden" : "not_found");
      }
    }
    return refused;
  }

  /**
   * The hits of a search by {@code person}: the messages of the workspace's channels they are in
   * that are not deleted and whose text has every word of {@code q}. The generator picks words
   * that are no part of another word, so that this holds on both databases.
   */
  Facts.Search search(Person person, Space space, String q) {
    Set<String> words = new HashSet<>(List.of(q.toLowerCase(Locale.ROOT).split("\\s+")));
    List<String> hits = new ArrayList<>();
    for (Room room : rooms) {
      if (room.space != space || !room.members.contains(person)) {
        continue;
      }
      room.messages.forEach(
          (seq, m) -> {
            if (!m.deleted() && new HashSet<>(Arrays.asList(m.text().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))).containsAll(words)) {
              hits.add(room.id + ":" + seq);
            }
          });
    }
    return new Facts.Search(person.username, space.id, q, hits.stream().sorted().toList());
  }

  @Override
  public void close() {
    people.values().forEach(p -> p.client.close());
  }
}
