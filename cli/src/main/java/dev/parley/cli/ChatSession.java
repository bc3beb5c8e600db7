package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.cli.ChatInput.Closed;
import dev.parley.cli.ChatInput.EndOfInput;
import dev.parley.cli.ChatInput.Frame;
import dev.parley.cli.ChatInput.Line;
import dev.parley.cli.ChatInput.PostResult;
import dev.parley.cli.ChatInput.Retry;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageRequest;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import dev.parley.protocol.WireCodec.IncomingFrame;
import dev.parley.protocol.WorkspaceRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One channel's chat, as a single-threaded loop over an inbox: typed lines, frames and closes of
 * the connection, and post results all arrive as {@link ChatInput}s and are handled on the thread
 * that called {@link #chat} or {@link #once}, so the state below needs no locks.
 *
 * <p>States: connected ({@code current != null}) or waiting to reconnect ({@code current ==
 * null}, next attempt at {@code nextAttempt}); and, orthogonally, reading or draining (stdin
 * ended: finish once nothing is pending and the own posts were shown, or fail at {@code
 * deadline}). A reconnect sends {@code auth} with {@code resume: {channel: lastSeen}} and then
 * every pending post again with its {@code clientMsgId}. Posts are shown when their {@code message.posted} event comes, in seq order;
 * a jump in seq, or {@code gap}, is filled with {@code history} after the last seq shown.
 */
final class ChatSession implements Connection.Handler, AutoCloseable {

  private static final int HISTORY_PAGE = 200;
  private static final int MAX_FILL_PAGES = 50;
  private static final Duration POST_RETRY_DELAY = Duration.ofSeconds(1);
  private static final Duration OWN_EVENT_GRACE = Duration.ofSeconds(1);

  private final Connector connector;
  private final EventFormatter formatter;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;
  private final Backoff backoff;
  private final Duration drainTimeout;
  private final PendingPosts pending;
  private final BlockingQueue<ChatInput> inbox = new LinkedBlockingQueue<>();

  private Views.Channel channel;
  private ChannelCursor cursor;
  private MemberDirectory members;
  private Connection current;
  private boolean showEvents;
  private long nextAttempt;
  private boolean draining;
  private long deadline;
  private long catchUpAt;
  private long highestAckedSeq;
  private int rejected;

  ChatSession(Connector connector, EventFormatter formatter, PrintWriter out, PrintWriter err, Clock clock,
      Backoff backoff, Duration drainTimeout, PendingPosts pending) {
    this.connector = connector;
    this.formatter = formatter;
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.backoff = backoff;
    this.drainTimeout = drainTimeout;
    this.pending = pending;
  }

  // Connection.Handler: called on HTTP client threads, only enqueues.

  @Override
  public void onFrame(Connection connection, IncomingFrame frame) {
    inbox.add(new Frame(connection, frame));
  }

  @Override
  public void onClosed(Connection connection, int code, String reason) {
    inbox.add(new Closed(connection, code, reason));
  }

  /**
   * Shows the last {@code historyLimit} events, then live ones, and posts every line of {@code
   * in} until it ends. Returns the exit code.
   */
  int chat(Connector.Connected connected, Views.Channel channel, int historyLimit, InputStream in) {
    start(connected, channel, true);
    long lastSeq = channel.lastSeq() == null ? 0 : channel.lastSeq();
    if (historyLimit > 0) {
      JsonNode page = current.call(new MessageRequest.History(channel.id(), null, null, historyLimit));
      List<ChannelEvent> events = ChannelEvent.ofHistory(page);
      cursor = new ChannelCursor(events.isEmpty() ? lastSeq : 0);
      events.forEach(this::show);
    } else {
      cursor = new ChannelCursor(lastSeq);
    }
    out.flush();
    Thread reader = new Thread(() -> readLines(in), "parley-stdin");
    reader.setDaemon(true);
    reader.start();
    return loop();
  }

  /** Posts one message, prints {@code posted <channelId> <seq>} on its ok, and returns. */
  int once(Connector.Connected connected, Views.Channel channel, String text) {
    start(connected, channel, false);
    cursor = new ChannelCursor(channel.lastSeq() == null ? 0 : channel.lastSeq());
    inbox.add(new Line(text));
    inbox.add(new EndOfInput());
    return loop();
  }

  private void start(Connector.Connected connected, Views.Channel channel, boolean showEvents) {
    this.current = connected.connection();
    this.channel = channel;
    this.showEvents = showEvents;
    this.members = new MemberDirectory(() -> {
      if (current == null) {
        throw new CliException.ConnectionLost(1006, "not connected");
      }
      JsonNode data = current.call(new WorkspaceRequest.WorkspaceMembers(channel.workspaceId()));
      return connector.codec().convert(data, Reply.Members.class).members();
    });
  }

  private void readLines(InputStream in) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        inbox.add(new Line(line));
      }
    } catch (IOException e) {
      // treat a broken stdin like its end
    } finally {
      inbox.add(new EndOfInput());
    }
  }

  private int loop() {
    try {
      while (true) {
        long now = clock.millis();
        if (draining && pending.isEmpty()) {
          if (!ownPostsUnseen()) {
            return rejected > 0 ? 1 : 0;
          }
          if (catchUpAt == 0) {
            catchUpAt = now + Math.min(OWN_EVENT_GRACE.toMillis(), drainTimeout.toMillis());
          } else if (now >= catchUpAt) {
            fill(); // the events did not come live: fetch them, then stop either way
            return rejected > 0 ? 1 : 0;
          }
        }
        if (draining && !pending.isEmpty() && now >= deadline) {
          err.println("error: unavailable: " + pending.size() + " message(s) not acknowledged within "
              + DurationConverter.format(drainTimeout));
          return 1;
        }
        if (current == null && now >= nextAttempt) {
          if (!reconnect()) {
            return 1;
          }
          continue;
        }
        long wait = Long.MAX_VALUE;
        if (draining) {
          wait = Math.min(wait, (pending.isEmpty() ? catchUpAt : deadline) - now);
        }
        if (current == null) {
          wait = Math.min(wait, nextAttempt - now);
        }
        ChatInput input = inbox.poll(Math.max(wait, 0), TimeUnit.MILLISECONDS);
        if (input != null) {
          handle(input);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private void handle(ChatInput input) {
    if (input instanceof Line line) {
      if (line.text().isBlank()) {
        return;
      }
      PendingPosts.Post post = pending.add(channel.id(), line.text());
      if (current != null) {
        send(post);
      }
    } else if (input instanceof EndOfInput) {
      if (!draining) {
        draining = true;
        deadline = clock.millis() + drainTimeout.toMillis();
      }
    } else if (input instanceof Frame frame) {
      if (frame.connection() == current) {
        onFrame(frame.frame());
      }
    } else if (input instanceof Closed closed) {
      if (closed.connection() == current) {
        current = null;
        err.println("connection lost (" + closed.code() + (closed.reason().isEmpty() ? "" : " " + closed.reason())
            + "); reconnecting");
        err.flush();
        nextAttempt = clock.millis() + backoff.next().toMillis();
      }
    } else if (input instanceof PostResult result) {
      onPostResult(result);
    } else if (input instanceof Retry retry) {
      if (current != null) {
        pending.get(retry.clientMsgId()).ifPresent(this::send);
      }
    }
  }

  private void send(PendingPosts.Post post) {
    Connection connection = current;
    connection
        .request(new MessageRequest.MessagePost(post.channelId(), post.clientMsgId(), post.text(), null))
        .whenComplete((data, error) -> inbox.add(new PostResult(post.clientMsgId(), connection, data, unwrap(error))));
  }

  private void onPostResult(PostResult result) {
    if (result.error() == null) {
      if (pending.acknowledge(result.clientMsgId())) {
        long seq = result.data().path("seq").asLong();
        highestAckedSeq = Math.max(highestAckedSeq, seq);
        if (!showEvents) { // --once
          out.println(Lines.posted(channel.id(), seq, result.data().path("duplicate").asBoolean(false)));
          out.flush();
        }
      }
      return;
    }
    if (pending.get(result.clientMsgId()).isEmpty() || result.error() instanceof CliException.ConnectionLost) {
      return; // already settled, or it goes again after the reconnect
    }
    if (result.error() instanceof CliException.RequestTimeout) {
      if (result.connection() == current) { // a silent connection: start over, which resends
        err.println("no reply from the server; reconnecting");
        err.flush();
        current.close();
        current = null;
        nextAttempt = clock.millis();
      }
      return;
    }
    CliException failure = result.error() instanceof CliException e
        ? e
        : new CliException(ErrorCode.INTERNAL, String.valueOf(result.error()));
    if (failure.isRetryable()) {
      String id = result.clientMsgId();
      CompletableFuture.delayedExecutor(POST_RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> inbox.add(new Retry(id)));
      return;
    }
    pending.drop(result.clientMsgId());
    rejected++;
    err.println(failure.line());
    err.flush();
  }

  private boolean reconnect() {
    Map<String, Long> resume = showEvents ? Map.of(channel.id(), cursor.lastSeen()) : Map.of();
    try {
      Connector.Connected connected = connector.connect(resume, this);
      current = connected.connection();
      backoff.reset();
      err.println("reconnected");
      err.flush();
      for (PendingPosts.Post post : pending.inOrder()) {
        send(post);
      }
      return true;
    } catch (CliException e) {
      if (e instanceof CliException.ConnectionLost || e.isRetryable()) {
        nextAttempt = clock.millis() + backoff.next().toMillis();
        return true;
      }
      err.println(e.line());
      return false;
    }
  }

  private void onFrame(IncomingFrame frame) {
    if (frame.isError()) {
      err.println("error: " + frame.code() + ": " + frame.message());
      err.flush();
      return;
    }
    if (!frame.isEvent() || frame.type() == null) {
      return;
    }
    if (frame.type().equals(Ephemeral.GAP)) {
      if (channel.id().equals(frame.data().path("channelId").asText())) {
        fill();
      }
      return;
    }
    if (frame.type().equals("draining")) {
      err.println("the server is draining; reconnecting");
      err.flush();
      current.close();
      current = null;
      nextAttempt = clock.millis();
      return;
    }
    ChannelEvent event = ChannelEvent.of(frame);
    if (event == null || !showEvents || !event.channelId().equals(channel.id())) {
      return;
    }
    switch (cursor.classify(event.seq())) {
      case DUPLICATE -> { }
      case NEXT -> show(event);
      case GAP -> {
        if (fill()) {
          show(event); // also if history could not close the gap: never stall on it
        } // else the connection is in trouble: the resume after the reconnect replays it
      }
    }
  }

  /** Fetches and shows every event after the last one shown; false if the connection failed. */
  private boolean fill() {
    try {
      for (int page = 0; page < MAX_FILL_PAGES && current != null; page++) {
        long after = cursor.lastSeen();
        JsonNode reply = current.call(new MessageRequest.History(channel.id(), null, after, HISTORY_PAGE));
        ChannelEvent.ofHistory(reply).forEach(this::show);
        if (!reply.path("hasMore").asBoolean(false) || cursor.lastSeen() == after) {
          return true;
        }
      }
      return current != null;
    } catch (CliException e) {
      return false; // lost or slow: the reconnect resumes from the last seq shown
    }
  }

  private void show(ChannelEvent event) {
    if (event.seq() <= cursor.lastSeen()) {
      return;
    }
    cursor.advanceTo(event.seq());
    String line = formatter.format(event, members::name);
    if (line != null) {
      out.println(line);
      out.flush();
    }
  }

  /**
   * Whether this client's own acknowledged posts still wait to be shown before it exits. Their
   * events usually come right after the ok; after {@link #OWN_EVENT_GRACE} they are fetched.
   */
  private boolean ownPostsUnseen() {
    return showEvents && current != null && cursor.lastSeen() < highestAckedSeq;
  }

  private static Throwable unwrap(Throwable error) {
    while (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }

  @Override
  public void close() {
    Connection connection = current;
    current = null;
    if (connection != null) {
      connection.close();
    }
  }
}
