package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageRequest;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import dev.parley.protocol.WorkspaceRequest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workspace as JSON lines, through the ops any member has: the workspace, then each channel the
 * caller can read followed by its messages (edits applied, deleted ones without text), then the
 * members. The server decides what the caller may see; the export never asks for more.
 */
final class WorkspaceExport {
  /** The contract's largest history page: fewer round trips for long channels. */
  private static final int PAGE = 200;

  private final Connection connection;
  private final PrintWriter out;

  WorkspaceExport(Connection connection, PrintWriter out) {
    this.connection = connection;
    this.out = out;
  }

  /** Returns the number of messages written. */
  int write(Views.Workspace workspace) {
    line("workspace", Json.MAPPER.valueToTree(workspace));
    int messages = 0;
    for (JsonNode channel : connection.call(new WorkspaceRequest.WorkspaceChannels(workspace.id())).path("channels")) {
      Map<Long, ObjectNode> history;
      try {
        history = messages(channel.path("id").asText());
      } catch (CliException e) {
        if (!ErrorCode.FORBIDDEN.wire().equals(e.code()) && !ErrorCode.NOT_FOUND.wire().equals(e.code())) {
          throw e;
        }
        continue;
      }
      line("channel", channel);
      history.values().forEach(message -> line("message", message));
      messages += history.size();
    }
    for (JsonNode member : connection.call(new WorkspaceRequest.WorkspaceMembers(workspace.id())).path("members")) {
      line("member", member);
    }
    out.flush();
    return messages;
  }

  /** A channel's messages by seq, as they read now: history is the log, so edits and deletions come after their message. */
  private Map<Long, ObjectNode> messages(String channelId) {
    Map<Long, ObjectNode> messages = new LinkedHashMap<>();
    long after = 0;
    boolean more = true;
    while (more) {
      JsonNode page = connection.call(new MessageRequest.History(channelId, null, after, PAGE));
      for (JsonNode event : page.path("events")) {
        JsonNode data = event.path("data");
        after = Math.max(after, data.path("seq").asLong());
        apply(messages, event.path("type").asText(), data);
      }
      more = page.path("hasMore").asBoolean() && !page.path("events").isEmpty();
    }
    return messages;
  }

  private static void apply(Map<Long, ObjectNode> messages, String type, JsonNode data) {
    switch (type) {
      case "message.posted" -> {
        ObjectNode message = data.deepCopy();
        if (message.path("deleted").asBoolean()) {
          message.remove(List.of("text", "mentions"));
        }
        messages.put(message.path("seq").asLong(), message);
      }
      case "message.edited" -> {
        ObjectNode message = messages.get(data.path("target").asLong());
        if (message != null && !message.path("deleted").asBoolean() && data.hasNonNull("text")) {
          message.put("text", data.path("text").asText());
          message.put("editedTs", data.path("ts").asLong());
        }
      }
      case "message.deleted" -> {
        ObjectNode message = messages.get(data.path("target").asLong());
        if (message != null) {
          message.remove(List.of("text", "mentions"));
          message.put("deleted", true);
        }
      }
      default -> {
        // Joins, reactions, topics: not part of the export.
      }
    }
  }

  private void line(String kind, JsonNode value) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("type", kind);
    line.set(kind, value);
    out.println(Json.write(line));
  }
}
