package dev.parley.node.upgrade;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a node answers about a fixture's world, read through {@code POST /v1/api/<op>}: the same
 * reads record the facts on the node that wrote the journal and check them on a later one.
 */
final class WireViews {
  private static final int PAGE = 200;

  private WireViews() {}

  /**
   * A call that must succeed. {@code unavailable} is retried, as the contract tells clients: on a
   * node that just started, entities are still recovering.
   */
  static JsonNode ok(ApiClient api, String op, WsClient.Fields fields) {
    HttpResponse<String> response = callWhenAvailable(api, op, fields);
    if (response.statusCode() != 200) {
      fail(op + " failed: " + response.statusCode() + " " + response.body());
    }
    return Accounts.json(response);
  }

  /** The error code of a call that must be refused. */
  static String refusal(ApiClient api, String op, WsClient.Fields fields) {
    HttpResponse<String> response = callWhenAvailable(api, op, fields);
    if (response.statusCode() == 200) {
      fail(op + " should have been refused: " + response.body());
    }
    return Accounts.json(response).path("code").asText();
  }

  private static HttpResponse<String> callWhenAvailable(ApiClient api, String op, WsClient.Fields fields) {
    long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
    HttpResponse<String> response = api.call(op, fields);
    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
      response = api.call(op, fields);
    }
    return response;
  }

  /** The {@code auth} reply's workspaces and channels, which carry read markers and mention counts. */
  static ObjectNode memberships(JsonNode authData) {
    ObjectNode view = JsonNodeFactory.instance.objectNode();
    view.set("workspaces", authData.path("workspaces").deepCopy());
    view.set("channels", authData.path("channels").deepCopy());
    return view;
  }

  /** The channel's whole log, oldest first. */
  static ArrayNode history(ApiClient api, String channelId) {
    return pages(api, "history", channelId, null);
  }

  /** The replies to {@code root}, oldest first. */
  static ArrayNode thread(ApiClient api, String channelId, long root) {
    return pages(api, "thread", channelId, root);
  }

  private static ArrayNode pages(ApiClient api, String op, String channelId, Long root) {
    ArrayNode events = JsonNodeFactory.instance.arrayNode();
    long after = 0;
    while (true) {
      long from = after;
      JsonNode page =
          ok(
              api,
              op,
              n -> {
                n.put("channelId", channelId).put("after", from).put("limit", PAGE);
                if (root != null) {
                  n.put("seq", root);
                }
              });
      page.path("events").forEach(events::add);
      if (!page.path("hasMore").asBoolean() || page.path("events").isEmpty()) {
        return events;
      }
      after = events.get(events.size() - 1).path("data").path("seq").asLong();
    }
  }

  /** {@code workspace.members} without presence, which depends on who is connected. */
  static ArrayNode members(ApiClient api, String workspaceId) {
    ArrayNode members = (ArrayNode) ok(api, "workspace.members", n -> n.put("workspaceId", workspaceId)).path("members");
    members.forEach(member -> ((ObjectNode) member).remove("presence"));
    return members;
  }

  static String presence(ApiClient api, String workspaceId, String userId) {
    for (JsonNode member : ok(api, "workspace.members", n -> n.put("workspaceId", workspaceId)).path("members")) {
      if (member.path("userId").asText().equals(userId)) {
        return member.path("presence").asText();
      }
    }
    return null;
  }

  static JsonNode directory(ApiClient api, String workspaceId) {
    return ok(api, "workspace.channels", n -> n.put("workspaceId", workspaceId)).path("channels");
  }

  /** The sorted {@code channelId:seq} of a search's hits. */
  static List<String> hits(ApiClient api, String workspaceId, String q) {
    List<String> hits = new ArrayList<>();
    api.search(workspaceId, q).path("hits").forEach(hit -> hits.add(hit.path("channelId").asText() + ":" + hit.path("seq").asLong()));
    return hits.stream().sorted().toList();
  }

  /** Every message of a channel's log as it reads now: edits applied, deletions and reactions in place. */
  static Map<Long, Facts.Message> messages(JsonNode history) {
    Map<Long, Facts.Message> messages = new TreeMap<>();
    Map<Long, Map<String, TreeSet<String>>> reactions = new TreeMap<>();
    for (JsonNode event : history) {
      JsonNode d = event.path("data");
      long target = d.path("target").asLong();
      switch (event.path("type").asText()) {
        case "message.posted" -> {
          Long threadSeq = d.hasNonNull("threadSeq") ? d.path("threadSeq").asLong() : null;
          boolean deleted = d.path("deleted").asBoolean(false);
          messages.put(
              d.path("seq").asLong(),
              new Facts.Message(d.path("author").asText(), deleted ? null : d.path("text").asText(), threadSeq, deleted, Map.of()));
          reactions.put(d.path("seq").asLong(), new TreeMap<>());
        }
        case "message.edited" -> {
          Facts.Message m = messages.get(target);
          if (!m.deleted()) {
            messages.put(target, new Facts.Message(m.author(), d.path("text").asText(), m.threadSeq(), false, Map.of()));
          }
        }
        case "message.deleted" -> {
          Facts.Message m = messages.get(target);
          messages.put(target, new Facts.Message(m.author(), null, m.threadSeq(), true, Map.of()));
        }
        case "reaction.added" ->
            reactions.get(target).computeIfAbsent(d.path("emoji").asText(), e -> new TreeSet<>()).add(d.path("userId").asText());
        case "reaction.removed" -> {
          Map<String, TreeSet<String>> onTarget = reactions.get(target);
          onTarget.get(d.path("emoji").asText()).remove(d.path("userId").asText());
          onTarget.values().removeIf(TreeSet::isEmpty);
        }
        default -> {}
      }
    }
    Map<Long, Facts.Message> withReactions = new TreeMap<>();
    messages.forEach(
        (seq, m) -> {
          Map<String, List<String>> inPlace = new TreeMap<>();
          reactions.get(seq).forEach((emoji, users) -> inPlace.put(emoji, List.copyOf(users)));
          withReactions.put(seq, new Facts.Message(m.author(), m.text(), m.threadSeq(), m.deleted(), inPlace));
        });
    return withReactions;
  }
}
