package dev.parley.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fault suite's checker catches each way an acknowledged post can go wrong. */
class PostCheckerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHANNEL = "c1";

  @Test
  void aHistoryHoldingEveryAckedPostAtItsSeqIsClean() {
    PostChecker.Result result = PostChecker.check(Map.of(CHANNEL, history("a", "b", "c")), acks("a", "b", "c"), List.of());
    assertTrue(result.clean(), result.toString());
    assertEquals(3, result.found());
  }

  @Test
  void anAckedPostMissingFromHistoryIsLost() {
    PostChecker.Result result = PostChecker.check(Map.of(CHANNEL, history("a", "c")), acks("a", "b"), List.of());
    assertEquals(1, result.lost(), result.toString());
    assertFalse(result.clean());
  }

  @Test
  void aPostInHistoryTwiceIsDuplicated() {
    PostChecker.Result result = PostChecker.check(Map.of(CHANNEL, history("a", "b", "a")), acks("a", "b"), List.of());
    assertEquals(1, result.duplicated(), result.toString());
    assertFalse(result.clean());
  }

  @Test
  void aPostNeverAckedButWrittenTwiceIsDuplicatedToo() {
    PostChecker.Result result = PostChecker.check(Map.of(CHANNEL, history("a", "x", "x")), acks("a"), List.of("x"));
    assertEquals(1, result.duplicated(), result.toString());
    assertEquals(1, result.unknownWritten());
  }

  @Test
  void anAckedPostAtAnotherSeqIsMoved() {
    PostChecker.Result result = PostChecker.check(Map.of(CHANNEL, history("b", "a")), acks("a", "b"), List.of());
    assertEquals(2, result.moved(), result.toString());
    assertFalse(result.clean());
  }

  @Test
  void anAckedPostWithOtherTextIsMoved() {
    List<JsonNode> history = history("a");
    ((ObjectNode) history.get(0).path("data")).put("text", "edited");
    PostChecker.Result result = PostChecker.check(Map.of(CHANNEL, history), acks("a"), List.of());
    assertEquals(1, result.moved(), result.toString());
  }

  @Test
  void aHistoryOutOfSeqOrderIsAProblem() {
    List<JsonNode> reordered = history("a", "b", "c");
    reordered.add(0, reordered.remove(1));
    PostChecker.Result result = PostChecker.check(Map.of(CHANNEL, reordered), acks("a", "b", "c"), List.of());
    assertFalse(result.problems().isEmpty(), result.toString());
    assertFalse(result.clean());
  }

  @Test
  void aSeqMissingFromHistoryIsAProblem() {
    List<JsonNode> holed = history("a", "b", "c");
    holed.remove(1);
    PostChecker.Result result = PostChecker.check(Map.of(CHANNEL, holed), acks("a", "c"), List.of());
    assertFalse(result.problems().isEmpty(), result.toString());
  }

  /** Posts of these ids at seqs 1, 2, 3, ... in this order. */
  private static List<JsonNode> history(String... ids) {
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      ObjectNode event = JSON.createObjectNode().put("type", "message.posted");
      event.putObject("data").put("seq", i + 1).put("channelId", CHANNEL).put("clientMsgId", ids[i]).put("text", "post " + ids[i]);
      events.add(event);
    }
    return events;
  }

  /** Acks of these ids at seqs 1, 2, 3, ... in this order. */
  private static List<Traffic.Ack> acks(String... ids) {
    List<Traffic.Ack> acks = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      acks.add(new Traffic.Ack(CHANNEL, ids[i], "post " + ids[i], i + 1, i));
    }
    return acks;
  }
}
