package dev.parley.node.transport;

import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelHub;
import dev.parley.node.channel.HubSubscriber;
import dev.parley.node.telemetry.Metrics;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.ServerFrame;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What one socket sends, and the cursors of the channels it follows. Two threads write here: the
 * connection actor (replies, notices, fetched events) and the node's {@link ChannelHub} (live
 * events, heads, signals), which hands each event to every outbox by a call instead of a message
 * to every connection: the live path to a socket is a lock, a cursor check and a queue offer. All
 * methods but {@link #queued} (the lock-free queue's size) take this object's lock; none blocks.
 *
 * <p>Frames go into a bounded {@link FrameQueue} that the socket's {@link WebSocketProtocol} writes: a
 * client that does not read fills it, and is closed with 4003 instead of growing the heap. Missed
 * events (a resume, a hole) are fetched one page at a time, each no larger than the room left in
 * the queue, and the next page only once the client has read the last: a client that resumes far
 * behind is caught up at the pace it reads, not closed for the size of what it missed.
 */
final class Outbox implements HubSubscriber<OutFrame> {
  /** The share of the queue (one part in this many) kept free of replayed events for live ones. */
  private static final int LIVE_SHARE = 4;
  /** Pages of missed events smaller than this share of the queue wait for the client to read. */
  private static final int MIN_PAGE_SHARE = 8;

  /** What the outbox cannot do on the hub's thread: fetch from the log, or log a slow client. */
  interface Owner {
    /** The cursor of {@code channelId} has a hole to fetch; it is marked as being filled. */
    void fetch(String channelId, ChannelCursor.Missing missing);

    void slowConsumer();
  }

  /** A channel event with its frame: the hub's shared one, or one rendered for this socket. */
  record Pending(ChannelEvent.Sequenced event, OutFrame frame) {
    long seq() {
      return event.seq();
    }
  }

  private final CloseRequest closeRequest;
  private final WireFrames frames;
  private final ActorRef<ChannelHub.Command> hub;
  private final Clock clock;
  private final int maxReplay;
  private final Map<String, ChannelCursor<Pending>> cursors = new HashMap<>();
  /**
   * Where this socket had got to in the channels it stopped following: one it follows again (the
   * session's list was stale, or a rejoin) goes on from there, never from an older read marker.
   */
  private final Map<String, Long> deliveredBefore = new HashMap<>();
  private final FrameQueue queue;
  private Owner owner;
  /** The channel whose missed events are being fetched (one at a time), and how many were asked. */
  private String fillingChannel;
  private long fillingCount;
  /** Set at {@code auth}: whose socket this is; before, holes are not fetched. */
  private String userId;
  /** Posts older than this are backlog, not live deliveries, for the lag metric. */
  private long liveSinceMillis = Long.MAX_VALUE;
  private boolean closed;

  Outbox(
      FrameQueue queue,
      CloseRequest closeRequest,
      WireFrames frames,
      ActorRef<ChannelHub.Command> hub,
      Clock clock,
      int maxReplay) {
    this.queue = queue;
    this.closeRequest = closeRequest;
    this.frames = frames;
    this.hub = hub;
    this.clock = clock;
    this.maxReplay = maxReplay;
  }

  /** The connection actor, before it follows any channel. */
  synchronized void bind(Owner owner) {
    this.owner = owner;
    queue.onRoom(this::roomFreed);
  }

  /** The socket is closing or gone; safe on any thread. */
  boolean isClosing() {
    return queue.isFinished();
  }

  /** Frames waiting to be written. */
  int queued() {
    return queue.size();
  }

  synchronized void authenticated(String userId) {
    this.userId = userId;
    this.liveSinceMillis = clock.millis();
    pump();
  }

  /** Queues a frame; {@code false} if the socket is closing (or just was, for being too slow). */
  synchronized boolean send(ServerFrame frame) {
    return offer(frames.frame(frame));
  }

  // Channels followed

  synchronized boolean follows(String channelId) {
    return cursors.containsKey(channelId);
  }

  synchronized Set<String> followed() {
    return Set.copyOf(cursors.keySet());
  }

  /**
   * Starts delivering a channel from after {@code delivered}, or after what this socket already
   * sent of it if that is further; the log is known to reach {@code knownHead}.
   */
  synchronized void follow(String channelId, long delivered, long knownHead) {
    if (cursors.containsKey(channelId)) {
      return;
    }
    Long sentBefore = deliveredBefore.remove(channelId);
    long from = sentBefore == null ? delivered : Math.max(delivered, sentBefore);
    ChannelCursor<Pending> cursor = new ChannelCursor<>(from, Pending::seq);
    cursor.headAt(knownHead);
    cursors.put(channelId, cursor);
    hub.tell(new ChannelHub.Subscribe(channelId, this));
    catchUp(channelId);
  }

  synchronized void unfollow(String channelId) {
    ChannelCursor<Pending> cursor = cursors.remove(channelId);
    if (cursor != null) {
      deliveredBefore.put(channelId, cursor.delivered());
      hub.tell(new ChannelHub.Unsubscribe(channelId, this));
    }
  }

  // What the connection fetched

  synchronized void filled(String channelId, List<Pending> events) {
    fillEnded(channelId);
    ChannelCursor<Pending> cursor = cursors.get(channelId);
    if (cursor != null) {
      write(channelId, cursor.filled(events, replayRoom()));
    }
    pump();
  }

  /** The fetch failed: the channel's hole waits for {@link #retryFill}; other channels go on. */
  synchronized void fillFailed(String channelId) {
    fillEnded(channelId);
    ChannelCursor<Pending> cursor = cursors.get(channelId);
    if (cursor != null) {
      cursor.fillFailed();
    }
    pump();
  }

  synchronized void retryFill(String channelId) {
    ChannelCursor<Pending> cursor = cursors.get(channelId);
    if (cursor != null) {
      cursor.retry();
      catchUp(channelId);
    }
  }

  // The hub's calls

  @Override
  public synchronized void delivered(String channelId, ChannelEvent.Sequenced event, OutFrame rendered) {
    ChannelCursor<Pending> cursor = cursors.get(channelId);
    if (cursor == null) {
      return;
    }
    write(channelId, cursor.offer(new Pending(event, rendered), replayRoom()));
    if (cursor.caughtUp()) {
      return;
    }
    if (cursor.held() > maxReplay) {
      // Held back for a replay the client reads too slowly to finish: as slow as a full queue.
      overflowed();
    } else {
      catchUp(channelId);
    }
  }

  @Override
  public synchronized void head(String channelId, long lastSeq) {
    ChannelCursor<Pending> cursor = cursors.get(channelId);
    if (cursor != null) {
      cursor.headAt(lastSeq);
      catchUp(channelId);
    }
  }

  /** A member's typing or DM receipt: for the other members only. */
  @Override
  public synchronized void signalled(String channelId, ChannelHub.Signal signal, OutFrame rendered) {
    if (userId != null && !signal.userId().equals(userId) && cursors.containsKey(channelId)) {
      offer(rendered);
    }
  }

  // Closing

  /** Sends what is queued, then closes with {@code code}; {@code false} if it was closing already. */
  synchronized boolean close(int code, String reason) {
    if (closed) {
      return false;
    }
    closeRequest.request(code, reason);
    closed = true;
    queue.complete();
    return true;
  }

  /** The connection stopped: let the stream finish if nothing closed it yet. */
  synchronized void stopped() {
    if (!closed) {
      closed = true;
      queue.complete();
    }
  }

  /**
   * The user's own leave, or the channel's deletion, is the last event of a channel they get: the
   * channel's log decides, not the session's list.
   */
  private void write(String channelId, List<Pending> ready) {
    for (Pending pending : ready) {
      if (!offer(pending.frame())) {
        return;
      }
      ChannelEvent.Sequenced event = pending.event();
      if (event instanceof ChannelEvent.MessagePosted posted && posted.ts() >= liveSinceMillis) {
        Metrics.delivered(posted.ts(), clock.millis());
      }
      if (event instanceof ChannelEvent.MemberLeft left && left.userId().equals(userId)
          || event instanceof ChannelEvent.ChannelDeleted) {
        unfollow(channelId);
        return;
      }
    }
  }

  /** The client read its queue down: send what was held back and fetch the next page. */
  private synchronized void roomFreed() {
    pump();
  }

  /** Catches every channel up as far as the queue's room allows; asks to be called again if short of it. */
  private void pump() {
    boolean shortOfRoom = true;
    while (shortOfRoom && !closed && userId != null) {
      shortOfRoom = false;
      for (String channelId : List.copyOf(cursors.keySet())) {
        ChannelCursor<Pending> cursor = cursors.get(channelId);
        if (cursor != null && cursor.ready()) {
          write(channelId, cursor.release(replayRoom()));
        }
        shortOfRoom |= fetchIfMissing(channelId);
      }
      // A page under way calls again when it comes back; otherwise the writer does, once the
      // client has read the queue down, or, if it already has, this loop goes round again.
      shortOfRoom = shortOfRoom && fillingChannel == null && !queue.wantRoom();
    }
  }

  private void catchUp(String channelId) {
    if (fetchIfMissing(channelId) && fillingChannel == null && !queue.wantRoom()) {
      pump();
    }
  }

  /**
   * A hole too long to replay is skipped: the client is told to fetch it with history. A shorter
   * one is fetched by the connection, a page at a time; until it answers, the cursor holds later
   * events back. Returns whether the channel waits for room in the queue.
   */
  private boolean fetchIfMissing(String channelId) {
    ChannelCursor<Pending> cursor = cursors.get(channelId);
    if (cursor == null || userId == null || closed) {
      return false;
    }
    ChannelCursor.Missing missing = cursor.missing().orElse(null);
    if (missing == null) {
      return cursor.ready();
    }
    if (missing.count() > maxReplay) {
      offer(frames.frame(new ServerFrame.Event(Ephemeral.GAP, new Ephemeral.Gap(channelId, cursor.delivered()))));
      write(channelId, cursor.skipTo(missing.toSeq(), replayRoom()));
      return cursor.ready();
    }
    if (fillingChannel != null) {
      // The page under way calls pump() when it comes back.
      return false;
    }
    long room = replayRoom();
    if (room < Math.max(1, Math.min(missing.count(), queue.capacity() / MIN_PAGE_SHARE))) {
      return true;
    }
    ChannelCursor.Missing page = missing.first(room);
    cursor.fillStarted();
    fillingChannel = channelId;
    fillingCount = page.count();
    owner.fetch(channelId, page);
    return false;
  }

  private void fillEnded(String channelId) {
    if (channelId.equals(fillingChannel)) {
      fillingChannel = null;
      fillingCount = 0;
    }
  }

  /** What replayed events may still take of the queue: its free room, less the live share and the page under way. */
  private int replayRoom() {
    return (int) (queue.capacity() - queue.size() - queue.capacity() / LIVE_SHARE - fillingCount);
  }

  private boolean offer(OutFrame frame) {
    if (closed) {
      return false;
    }
    return switch (queue.offer(frame)) {
      case QUEUED -> true;
      case CLOSED -> false;
      case FULL -> {
        overflowed();
        yield false;
      }
    };
  }

  private void overflowed() {
    if (closed) {
      return;
    }
    closeRequest.request(CloseCode.SLOW_CONSUMER, "too slow");
    closed = true;
    queue.discard();
    Metrics.SLOW_CONSUMERS.inc();
    owner.slowConsumer();
  }
}
