package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.WireCodec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The queue between a socket's outbox and its frame layer: bounded, and one wake-up per burst. */
class FrameQueueTest {
  private static final WireFrames FRAMES = new WireFrames(new WireCodec(Limits.DEFAULTS));

  private final AtomicInteger wakes = new AtomicInteger();

  private static OutFrame frame(String ref) {
    return FRAMES.frame(new ServerFrame.Ok(ref, null));
  }

  @Test
  void aBurstWakesTheWriterOnceAndTheNextBurstAgain() {
    FrameQueue queue = new FrameQueue(8);
    queue.attach(wakes::incrementAndGet);

    queue.offer(frame("a"));
    queue.offer(frame("b"));
    assertEquals(1, wakes.get());

    queue.awake();
    assertTrue(queue.poll().start().data().utf8String().contains("\"a\""));
    assertTrue(queue.poll().start().data().utf8String().contains("\"b\""));
    assertNull(queue.poll());
    queue.offer(frame("c"));
    assertEquals(2, wakes.get());
  }

  @Test
  void framesOfferedBeforeTheWriterStartsWaitForIt() {
    FrameQueue queue = new FrameQueue(8);
    queue.offer(frame("early"));
    queue.attach(wakes::incrementAndGet);

    assertEquals(0, wakes.get());
    assertEquals(1, queue.size());
    assertTrue(queue.poll().start().data().utf8String().contains("early"));
  }

  @Test
  void aFullQueueRefusesAndSaysSo() {
    FrameQueue queue = new FrameQueue(2);
    assertEquals(FrameQueue.Offered.QUEUED, queue.offer(frame("1")));
    assertEquals(FrameQueue.Offered.QUEUED, queue.offer(frame("2")));
    assertEquals(FrameQueue.Offered.FULL, queue.offer(frame("3")));
    assertEquals(2, queue.size());
  }

  @Test
  void completedItStillHandsOutWhatIsQueuedAndTakesNoMore() {
    FrameQueue queue = new FrameQueue(4);
    queue.offer(frame("last"));
    queue.complete();

    assertTrue(queue.finished().toCompletableFuture().isDone());
    assertEquals(FrameQueue.Offered.CLOSED, queue.offer(frame("too late")));
    assertTrue(queue.poll().start().data().utf8String().contains("last"));
    assertNull(queue.poll());
  }

  @Test
  void discardedItDropsWhatIsQueued() {
    FrameQueue queue = new FrameQueue(4);
    queue.offer(frame("dropped"));
    queue.discard();

    assertNull(queue.poll());
    assertEquals(0, queue.size());
    assertFalse(queue.finished().toCompletableFuture().isCompletedExceptionally());
    assertEquals(FrameQueue.Offered.CLOSED, queue.offer(frame("after")));
  }

  @Test
  void aDiscardRacingTheWriterNeverLetsAFrameFromBehindTheDroppedOnesOut() throws InterruptedException {
    int count = 2_000;
    List<OutFrame> offered = new ArrayList<>();
    Map<OutFrame, Integer> position = new IdentityHashMap<>();
    for (int i = 0; i < count; i++) {
      OutFrame frame = frame("r" + i);
      offered.add(frame);
      position.put(frame, i);
    }
    for (int round = 0; round < 300; round++) {
      FrameQueue queue = new FrameQueue(count);
      offered.forEach(queue::offer);
      List<Integer> written = new ArrayList<>();
      CountDownLatch writing = new CountDownLatch(1);
      Thread writer =
          new Thread(
              () -> {
                writing.countDown();
                while (true) {
                  OutFrame frame = queue.poll();
                  if (frame != null) {
                    written.add(position.get(frame));
                  } else if (queue.finished().toCompletableFuture().isDone()) {
                    return;
                  }
                }
              });
      writer.start();
      writing.await();
      queue.discard();
      writer.join(10_000);

      for (int i = 0; i < written.size(); i++) {
        assertEquals(i, written.get(i), "round " + round + ": frame " + written.get(i) + " written where frame " + i + " was due");
      }
    }
  }

  @Test
  void theRoomListenerIsCalledOnceTheWriterHasTakenTheQueueDownToAQuarter() {
    FrameQueue queue = new FrameQueue(8);
    AtomicInteger calls = new AtomicInteger();
    queue.onRoom(calls::incrementAndGet);
    for (int i = 0; i < 8; i++) {
      queue.offer(frame("f" + i));
    }

    assertTrue(queue.wantRoom(), "the queue is full: the writer will call");
    for (int i = 0; i < 5; i++) {
      queue.poll();
    }
    assertEquals(0, calls.get(), "3 frames left: more than a quarter");
    queue.poll();
    assertEquals(1, calls.get());
    queue.poll();
    assertEquals(1, calls.get(), "once per wish");
    assertFalse(queue.wantRoom(), "there is room already: the caller goes on itself");
    assertEquals(1, calls.get());
  }
}
