package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The checker behind the bench's correctness counts must see what it claims to count. */
class DeliveryTrackerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MEMBERS = 2;
  private static final long NOW = 1_000_000_000L;

  private final DeliveryTracker tracker = new DeliveryTracker(MEMBERS);
  private final DeliveryTracker.Member alice = tracker.member("c1", "alice");
  private final DeliveryTracker.Member bob = tracker.member("c1", "bob");

  @Test
  void anAckedPostEveryMemberReceivedIsComplete() {
    tracker.acked(tracker.sent("m1", NOW, true), NOW);
    alice.onEvent("message.posted", posted(5, "m1"));
    bob.onEvent("message.posted", posted(5, "m1"));
    assertEquals(0, tracker.missingDeliveries());
    assertEquals(MEMBERS, tracker.measuredDeliveries());
    assertEquals(1, tracker.deliveryLatency().count());
  }

  @Test
  void anAckedPostOneMemberNeverReceivedIsMissing() {
    tracker.acked(tracker.sent("m1", NOW, true), NOW);
    alice.onEvent("message.posted", posted(5, "m1"));
    assertEquals(1, tracker.missingDeliveries());
    assertEquals(1, tracker.awaitingDelivery());
  }

  @Test
  void anEventAtOrBelowTheLastSeqIsADuplicate() {
    tracker.sent("m1", NOW, true);
    tracker.sent("m2", NOW, true);
    alice.onEvent("message.posted", posted(5, "m1"));
    alice.onEvent("message.posted", posted(6, "m2"));
    alice.onEvent("message.posted", posted(5, "m1"));
    assertEquals(1, tracker.duplicates());
  }

  @Test
  void aPostTheRunNeverSentIsUnexpected() {
    alice.onEvent("message.posted", posted(5, "someone-else"));
    assertEquals(1, tracker.unexpected());
  }

  @Test
  void warmUpPostsAreCheckedButNotMeasured() {
    tracker.acked(tracker.sent("m1", NOW, false), NOW);
    alice.onEvent("message.posted", posted(5, "m1"));
    bob.onEvent("message.posted", posted(5, "m1"));
    assertEquals(0, tracker.measuredDeliveries());
    assertEquals(MEMBERS, tracker.deliveries());
    assertEquals(0, tracker.deliveryLatency().count());
  }

  @Test
  void theMemberIsJoinedOnItsOwnMemberJoined() {
    alice.onEvent("member.joined", joined(3, "bob"));
    assertFalse(alice.joined().isDone(), "another user's join does not count");
    alice.onEvent("member.joined", joined(4, "alice"));
    assertTrue(alice.joined().isDone());
  }

  private static JsonNode posted(long seq, String clientMsgId) {
    ObjectNode data = JSON.createObjectNode();
    data.put("channelId", "c1").put("seq", seq).put("clientMsgId", clientMsgId);
    return data;
  }

  private static JsonNode joined(long seq, String userId) {
    ObjectNode data = JSON.createObjectNode();
    data.put("channelId", "c1").put("seq", seq).put("userId", userId);
    return data;
  }
}
