package dev.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every channel's whole history through one node and classifies each acknowledged post:
 * found at its seq, lost (absent), duplicated (present twice), moved (present at another seq).
 * Posts never acknowledged (unknown: the client gave up waiting) may be present or absent, but
 * never twice: duplicates are counted over every post in the log. Also checks that each log is gap-free from 1 and that no two events share a seq.
 */
public final class PostChecker {

  /** The verdict. {@code problems} lists what broke the log itself (gaps, shared seqs). */
  public record Result(
      int acked,
      int found,
      int lost,
      int duplicated,
      int moved,
      int unknown,
      int unknownWritten,
      int historyEvents,
      List<String> problems,
      Map<String, Long> heads) {
    public boolean clean() {
      return lost == 0 && duplicated == 0 && moved == 0 && problems.isEmpty();
    }

    @Override
    public String toString() {
      return String.format(
          "acked=%d found=%d lost=%d duplicated=%d moved=%d unknown=%d (written %d) history-events=%d problems=%s",
          acked, found, lost, duplicated, moved, unknown, unknownWritten, historyEvents, problems);
    }
  }

  private PostChecker() {}

  public static Result check(WsClient reader, List<String> channelIds, List<Traffic.Ack> acks) {
    return check(reader, channelIds, acks, List.of());
  }

  public static Result check(WsClient reader, List<String> channelIds, List<Traffic.Ack> acks, List<String> unknownIds) {
    Map<String, List<JsonNode>> histories = new LinkedHashMap<>();
    for (String channelId : channelIds) {
      histories.put(channelId, history(reader, channelId));
    }
    return check(histories, acks, unknownIds);
  }

  /** The verdict on {@code histories} (each channel's events as {@code history} returns them, in order). */
  static Result check(Map<String, List<JsonNode>> histories, List<Traffic.Ack> acks, List<String> unknownIds) {
    Map<String, List<JsonNode>> postsById = new HashMap<>();
    List<String> problems = new ArrayList<>();
    int events = 0;
    Map<String, Long> heads = new HashMap<>();
    for (Map.Entry<String, List<JsonNode>> history : histories.entrySet()) {
      String channelId = history.getKey();
      List<JsonNode> log = history.getValue();
      events += log.size();
      heads.put(channelId, (long) log.size());
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < log.size(); i++) {
        long seq = log.get(i).path("data").path("seq").asLong();
        if (!seen.add(seq)) {
          problems.add(channelId + ": seq " + seq + " appears twice");
        }
        if (seq != i + 1) {
          problems.add(channelId + ": expected seq " + (i + 1) + " at position " + i + " but found " + seq);
          break;
        }
        if ("message.posted".equals(log.get(i).path("type").asText())) {
          postsById.computeIfAbsent(log.get(i).path("data").path("clientMsgId").asText(), k -> new ArrayList<>()).add(log.get(i).path("data"));
        }
      }
    }
    int found = 0;
    int lost = 0;
    int moved = 0;
    for (Traffic.Ack ack : acks) {
      List<JsonNode> copies = postsById.get(ack.clientMsgId());
      if (copies == null) {
        lost++;
        continue;
      }
      found++;
      JsonNode copy = copies.get(0);
      if (copy.path("seq").asLong() != ack.seq()
          || !copy.path("channelId").asText().equals(ack.channelId())
          || !copy.path("text").asText().equals(ack.text())) {
        moved++;
      }
    }
    int duplicated = (int) postsById.values().stream().filter(copies -> copies.size() > 1).count();
    int unknownWritten = (int) unknownIds.stream().filter(postsById::containsKey).count();
    return new Result(
        acks.size(), found, lost, duplicated, moved, unknownIds.size(), unknownWritten, events, List.copyOf(problems), Map.copyOf(heads));
  }

  private static List<JsonNode> history(WsClient reader, String channelId) {
    List<JsonNode> events = new ArrayList<>();
    long after = 0;
    boolean more = true;
    while (more) {
      long from = after;
      // Right after a fault a channel may still be moving: `unavailable` is retried, as the contract says.
      JsonNode page = reader.okWhenAvailable("history", n -> n.put("channelId", channelId).put("after", from).put("limit", 200));
      page.path("events").forEach(events::add);
      more = page.path("hasMore").asBoolean();
      if (!events.isEmpty()) {
        after = events.get(events.size() - 1).path("data").path("seq").asLong();
      }
    }
    return events;
  }
}
