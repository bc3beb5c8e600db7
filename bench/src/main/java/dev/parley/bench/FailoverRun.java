package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ChannelRequest;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageRequest;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import dev.parley.protocol.WorkspaceRequest;
import dev.parley.protocol.auth.AuthBodies;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The {@code failover} scenario. Each writer owns one channel (it creates a workspace and the
 * channel, so it is the only member) and posts at its share of the rate, one post in flight, on
 * its own thread: a post is retried with the same {@code clientMsgId} on the next node until it
 * is acknowledged, as the contract tells clients to. After the run every channel's history is
 * read back and every acknowledged post looked up.
 */
public final class FailoverRun {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final long NANOS_PER_MILLI = 1_000_000;
  private static final long NANOS_PER_MICRO = 1000;
  private static final int SIGNIFICANT_DIGITS = 3;
  /** One writer has one post in flight; a few frames of slack. */
  private static final int SEND_BUFFER_FRAMES = 16;
  private static final int HISTORY_PAGE = 200;
  private static final String PASSWORD = "bench-password";

  private final FailoverConfig config;
  private final Callable<String> kill;
  private final String run = RunId.next();
  private final WireCodec codec = new WireCodec(Limits.DEFAULTS);
  private final HttpClient http = Identity.httpClient();
  private final Histogram ackMicros = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
  private final Recorder ackInterval = new Recorder(SIGNIFICANT_DIGITS);
  private final LongAdder acked = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final ProgressTicker ticker = new ProgressTicker();
  /** Acks at the last progress line (the ticker's thread only). */
  private long lastAcked;
  private volatile long killNanos = Long.MAX_VALUE;
  private volatile String phase = "setting up";

  private FailoverRun(FailoverConfig config, Callable<String> kill) {
    this.config = config;
    this.kill = kill;
  }

  /** Runs the scenario; {@code kill} takes a node down and says how that went (e.g. "exit 0"). */
  public static FailoverResult run(FailoverConfig config, Callable<String> kill, PrintStream progress) {
    return new FailoverRun(config, kill).execute(progress);
  }

  private FailoverResult execute(PrintStream progress) {
    ExecutorService writerThreads = Executors.newFixedThreadPool(config.channels());
    try (WebSocketConnector connector = new WebSocketConnector(config.timeout(), SEND_BUFFER_FRAMES)) {
      List<Writer> writers = new ArrayList<>();
      for (int w = 0; w < config.channels(); w++) {
        writers.add(setUp(connector, w));
      }
      long start = System.nanoTime();
      long end = start + config.duration().toNanos();
      phase = "posting";
      ticker.start(start, seconds -> progress(progress, seconds));
      Future<String> killed = ticker.schedule(() -> {
        killNanos = System.nanoTime();
        progress.printf("killing: %s%n", config.killDescription());
        return kill.call();
      }, config.killAfter());
      List<Future<?>> running = new ArrayList<>();
      for (Writer writer : writers) {
        running.add(writerThreads.submit(() -> writer.post(start, end)));
      }
      long writersDeadline = end + config.checkTimeout().plus(config.timeout()).toNanos();
      for (Future<?> writer : running) {
        finish(writer, writersDeadline);
      }
      String killOutcome = outcome(killed);
      phase = "checking";
      FailoverCheck check = new FailoverCheck(start, killNanos);
      List<FailoverResult.ChannelWindow> windows = new ArrayList<>();
      for (Writer writer : writers) {
        windows.add(writer.window());
        Map<String, List<Long>> history = writer.history();
        if (history != null) {
          check.channel(writer.index, writer.acks, history);
        }
      }
      ticker.close();
      long afterKill = writers.stream().flatMap(w -> w.acks.stream()).filter(a -> a.atNanos() > killNanos).count();
      return new FailoverResult(
          "failover",
          config.urls().stream().map(URI::toString).toList(),
          config.channels(),
          config.postsPerSecond(),
          config.duration().toNanos() / NANOS_PER_SECOND,
          config.killDescription(),
          killNanos == Long.MAX_VALUE ? -1 : (killNanos - start) / NANOS_PER_SECOND,
          killOutcome,
          acked.sum(),
          afterKill,
          retries.sum(),
          rejected.sum(),
          firstError.get(),
          windows,
          windows.stream().mapToLong(FailoverResult.ChannelWindow::unavailableMs).max().orElse(0),
          check.checked(),
          check.lost(),
          check.duplicated(),
          check.moved(),
          check.seqReused(),
          check.storedUnacked(),
          check.problems(),
          Latency.of(ackMicros),
          ticker.timeline());
    } finally {
      ticker.close();
      writerThreads.shutdownNow();
    }
  }

  /** A writer gives up on a post at the end plus the check timeout, so this wait is bounded. */
  private static void finish(Future<?> writer, long deadlineNanos) {
    try {
      writer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new BenchException(ErrorCode.INTERNAL.wire(), "a writer failed: " + e.getCause());
    } catch (TimeoutException e) {
      throw new BenchException(ErrorCode.INTERNAL.wire(), "a writer did not finish");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException(ErrorCode.INTERNAL.wire(), "interrupted");
    }
  }

  private static String outcome(Future<String> killed) {
    if (!killed.isDone()) {
      killed.cancel(true);
      return "did not finish";
    }
    try {
      return killed.get();
    } catch (Exception e) {
      return "failed: " + e.getMessage();
    }
  }

  /** Registers writer {@code w} on the first of its addresses that answers, then creates its workspace and channel. */
  private Writer setUp(WebSocketConnector connector, int w) {
    int first = w % config.urls().size();
    AuthBodies.Tokens tokens = null;
    for (int i = 0; tokens == null; i++) {
      URI url = config.urls().get((first + i) % config.urls().size());
      try {
        tokens = new Identity(http, url, config.setupTimeout()).registerAndLogin("b" + run + "-w" + w, PASSWORD);
      } catch (BenchException e) {
        if (i + 1 >= config.urls().size()) {
          throw e;
        }
      }
    }
    Writer writer = new Writer(w, connector, tokens.accessToken(), first);
    BenchClient client = writer.connected(System.nanoTime() + config.setupTimeout().toNanos());
    String workspaceId =
        client.call(new WorkspaceRequest.WorkspaceCreate("failover " + run + " " + w), config.setupTimeout()).path("workspace").path("id").asText();
    writer.channelId =
        client.call(new ChannelRequest.ChannelCreate(workspaceId, "c" + w, false, null), config.setupTimeout()).path("channel").path("id").asText();
    return writer;
  }

  private void error(Throwable error) {
    firstError.compareAndSet(null, error.getMessage());
  }

  /** One writer and its channel; only its own thread touches it until the run is over. */
  private final class Writer {
    private final int index;
    private final WebSocketConnector connector;
    private final String token;
    private final List<FailoverCheck.Ack> acks = new ArrayList<>();
    private String channelId;
    private int cursor;
    private long reconnects;
    private BenchClient client;

    Writer(int index, WebSocketConnector connector, String token, int firstUrl) {
      this.index = index;
      this.connector = connector;
      this.token = token;
      this.cursor = firstUrl;
    }

    void post(long start, long end) {
      long periodNanos = (long) (NANOS_PER_SECOND * config.channels() / config.postsPerSecond());
      long intended = start + periodNanos * index / config.channels();
      for (long i = 0; System.nanoTime() < end; i++) {
        long wait = intended - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        postUntilAcked("w" + index + "-" + i, end + config.checkTimeout().toNanos());
        // After a stall the writer resumes at its rate rather than bursting to catch up.
        intended = Math.max(intended + periodNanos, System.nanoTime());
      }
      if (client != null) {
        client.close();
      }
    }

    private void postUntilAcked(String clientMsgId, long giveUpAt) {
      long first = System.nanoTime();
      while (System.nanoTime() < giveUpAt) {
        try {
          JsonNode ok = connected(giveUpAt).call(new MessageRequest.MessagePost(channelId, clientMsgId, "x".repeat(config.textChars()), null));
          long now = System.nanoTime();
          acks.add(new FailoverCheck.Ack(clientMsgId, ok.path("seq").asLong(), now));
          acked.increment();
          long micros = Math.max(0, (now - first) / NANOS_PER_MICRO);
          ackMicros.recordValue(micros);
          ackInterval.recordValue(micros);
          return;
        } catch (BenchException e) {
          if (!retryable(e.code())) {
            rejected.increment();
            error(e);
            return;
          }
          retries.increment();
          moveOn();
        }
      }
    }

    /** The open connection, or a new one to the current address (moving on until one answers, at most until {@code giveUpAt}). */
    BenchClient connected(long giveUpAt) {
      while (client == null || !client.isOpen()) {
        if (System.nanoTime() > giveUpAt) {
          throw new BenchException(ErrorCode.UNAVAILABLE.wire(), "no node answered: " + config.urls());
        }
        URI url = config.urls().get(cursor);
        try {
          BenchClient fresh = BenchClient.open(connector, Fixture.webSocketUri(url), codec, config.timeout(), Ignore.INSTANCE);
          try {
            fresh.call(new Request.Auth(token, null));
          } catch (BenchException e) {
            fresh.close();
            throw e;
          }
          client = fresh;
        } catch (BenchException e) {
          if (!retryable(e.code())) {
            throw e;
          }
          moveOn();
        }
      }
      return client;
    }

    /** Drops the connection and tries the next address after a pause. */
    private void moveOn() {
      if (client != null) {
        client.close();
        client = null;
      }
      cursor = (cursor + 1) % config.urls().size();
      reconnects++;
      LockSupport.parkNanos(config.reconnectDelay().toNanos());
    }

    /** Unavailable, a lost connection, a timeout or throttling: the contract says retry; anything else is a refusal. */
    private static boolean retryable(String code) {
      return ErrorCode.UNAVAILABLE.wire().equals(code) || ErrorCode.RATE_LIMITED.wire().equals(code);
    }

    /**
     * The window is the longest gap between consecutive acks that ends after the kill: a post in
     * flight may still be acked just after the kill command starts, so "the first ack after the
     * kill" would often close the window before the node is even gone.
     */
    FailoverResult.ChannelWindow window() {
      long window = 0;
      long longest = 0;
      long previous = Long.MIN_VALUE;
      for (FailoverCheck.Ack ack : acks) {
        if (previous != Long.MIN_VALUE) {
          long gap = ack.atNanos() - previous;
          longest = Math.max(longest, gap);
          if (ack.atNanos() > killNanos) {
            window = Math.max(window, gap);
          }
        }
        previous = ack.atNanos();
      }
      return new FailoverResult.ChannelWindow(index, window / NANOS_PER_MILLI, longest / NANOS_PER_MILLI, reconnects);
    }

    /** clientMsgId to the seqs it was stored at, read from any node that answers; null if none did in time. */
    Map<String, List<Long>> history() {
      long giveUpAt = System.nanoTime() + config.checkTimeout().toNanos();
      while (System.nanoTime() < giveUpAt) {
        try {
          Map<String, List<Long>> stored = new LinkedHashMap<>();
          Long after = 0L;
          while (after != null) {
            JsonNode page = connected(giveUpAt).call(new MessageRequest.History(channelId, null, after, HISTORY_PAGE));
            long last = after;
            for (JsonNode event : page.path("events")) {
              JsonNode data = event.path("data");
              last = Math.max(last, data.path("seq").asLong());
              if ("message.posted".equals(event.path("type").asText())) {
                stored.computeIfAbsent(data.path("clientMsgId").asText(), id -> new ArrayList<>()).add(data.path("seq").asLong());
              }
            }
            after = page.path("hasMore").asBoolean() ? last : null;
          }
          return stored;
        } catch (BenchException e) {
          moveOn();
        }
      }
      return null;
    }
  }

  private enum Ignore implements BenchClient.Listener {
    INSTANCE;

    @Override
    public void onEvent(String type, JsonNode data) {}

    @Override
    public void onClosed(int code, String reason) {}
  }

  private Timeline.Sample progress(PrintStream out, double seconds) {
    long now = acked.sum();
    out.printf("%6.1fs %-9s acked %6d/s  retries %d  refused %d%n", seconds, phase, now - lastAcked, retries.sum(), rejected.sum());
    Map<String, Double> rates = new LinkedHashMap<>();
    rates.put("acked posts/s", (double) (now - lastAcked));
    rates.put("retries (total)", (double) retries.sum());
    Latency interval = Latency.of(ackInterval.getIntervalHistogram());
    Map<String, Double> latency = new LinkedHashMap<>();
    if (interval.count() > 0) {
      latency.put("post->ok p50", interval.p50());
      latency.put("post->ok p99", interval.p99());
      latency.put("post->ok max", interval.max());
    }
    lastAcked = now;
    return new Timeline.Sample(seconds, rates, latency);
  }
}
