package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Views;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pieces the chat loop keeps its state in. */
class ChatBookkeepingTest {

  @Test
  void pendingPostsKeepTheirClientMsgIdAndOrderUntilAcknowledged() {
    Iterator<String> ids = List.of("m1", "m2", "m3").iterator();
    PendingPosts pending = new PendingPosts(ids::next);
    pending.add("c1", "one");
    pending.add("c1", "two");
    pending.add("c1", "three");

    // a reconnect resends everything, oldest first, with the same ids
    assertEquals(List.of("m1", "m2", "m3"), pending.inOrder().stream().map(PendingPosts.Post::clientMsgId).toList());
    assertEquals(List.of("m1", "m2", "m3"), pending.inOrder().stream().map(PendingPosts.Post::clientMsgId).toList());

    assertTrue(pending.acknowledge("m2"));
    assertFalse(pending.acknowledge("m2"), "a second ok (for the resent copy) changes nothing");
    assertEquals(List.of("one", "three"), pending.inOrder().stream().map(PendingPosts.Post::text).toList());
    assertEquals("three", pending.drop("m3").orElseThrow().text());
    assertTrue(pending.acknowledge("m1"));
    assertTrue(pending.isEmpty());
  }

  @Test
  void aReusedClientMsgIdIsABug() {
    PendingPosts pending = new PendingPosts(() -> "same");
    pending.add("c1", "a");
    assertThrows(IllegalStateException.class, () -> pending.add("c1", "b"));
  }

  @Test
  void cursorSaysNextDuplicateOrGap() {
    ChannelCursor cursor = new ChannelCursor(5);
    assertEquals(ChannelCursor.Verdict.DUPLICATE, cursor.classify(5));
    assertEquals(ChannelCursor.Verdict.DUPLICATE, cursor.classify(1));
    assertEquals(ChannelCursor.Verdict.NEXT, cursor.classify(6));
    assertEquals(ChannelCursor.Verdict.GAP, cursor.classify(8));
    cursor.advanceTo(8);
    cursor.advanceTo(7);
    assertEquals(8, cursor.lastSeen(), "never moves back");
    assertEquals(ChannelCursor.Verdict.NEXT, cursor.classify(9));
  }

  @Test
  void backoffStartsAtOnceThenDoublesUpToTheCapWithJitter() {
    List<Long> delays = new ArrayList<>();
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), () -> 0.0);
    for (int i = 0; i < 6; i++) {
      delays.add(backoff.next().toMillis());
    }
    assertEquals(List.of(0L, 500L, 1000L, 2000L, 4000L, 4000L), delays);
    backoff.reset();
    assertEquals(0, backoff.next().toMillis());
    Backoff jittered = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), () -> 1.0);
    jittered.next();
    assertEquals(625, jittered.next().toMillis());
  }

  @Test
  void membersAreFetchedOnceAndAgainOnlyForANewId() {
    AtomicInteger fetches = new AtomicInteger();
    List<Views.Member> list = new ArrayList<>(List.of(new Views.Member("u1", "alice", "owner", "online")));
    MemberDirectory members = new MemberDirectory(() -> {
      fetches.incrementAndGet();
      return List.copyOf(list);
    });
    assertEquals("alice", members.name("u1"));
    assertEquals("alice", members.name("u1"));
    assertEquals(1, fetches.get());
    list.add(new Views.Member("u2", "bob", "member", "online"));
    assertEquals("bob", members.name("u2"));
    assertEquals(2, fetches.get());
    assertEquals("u3", members.name("u3"));
    assertEquals("u3", members.name("u3"));
    assertEquals(3, fetches.get(), "an id still unknown after one refetch is not fetched again");
  }

  @Test
  void membersFallBackToIdsWhileOfflineAndLoadLater() {
    AtomicInteger calls = new AtomicInteger();
    MemberDirectory members = new MemberDirectory(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new CliException.ConnectionLost(1006, "offline");
      }
      return List.of(new Views.Member("u1", "alice", "owner", "online"));
    });
    assertEquals("u1", members.name("u1"));
    assertEquals("alice", members.name("u1"));
  }

  @Test
  void textFramePartsAreJoinedUntilTheLastOne() {
    TextFrameAssembler assembler = new TextFrameAssembler(16);
    assertEquals(null, assembler.append("{\"op\":", false));
    assertEquals(null, assembler.append("\"ok\"", false));
    assertEquals("{\"op\":\"ok\"}", assembler.append("}", true));
    assertEquals("{}", assembler.append("{}", true), "the next message starts empty");
  }

  @Test
  void anOversizedMessageIsDroppedAndTheNextOneIsFine() {
    TextFrameAssembler assembler = new TextFrameAssembler(8);
    assertEquals(null, assembler.append("12345", false));
    assertEquals(null, assembler.append("67890", false));
    assertEquals(null, assembler.append("x", true));
    assertEquals("ok", assembler.append("ok", true));
  }
}
