package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Features;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import dev.parley.protocol.WorkspaceRequest;
import dev.parley.protocol.auth.AuthBodies;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The {@code connections} scenario: registers the users, reads the server's footprint, opens the
 * sessions at the configured rate (at most {@code maxPending} attempts outstanding, so a slow
 * server is not buried under connects), holds them idle (reading the server's CPU over the last
 * three quarters of the hold), reads the footprint again and closes everything. A progress line
 * goes to {@code progress} every second.
 */
public final class ConnectionsRun {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final long NANOS_PER_MICRO = 1000;
  private static final int SIGNIFICANT_DIGITS = 3;
  /** An idle session sends nothing but its auth. */
  private static final int SEND_BUFFER_FRAMES = 16;
  private static final String PASSWORD = "bench-password";
  /** Idle CPU is read after the first quarter of the hold, once the last auths' work is over. */
  private static final long HOLD_SETTLE_DIVISOR = 4;

  private final ConnectionsConfig config;
  private final String run = RunId.next();
  private final Queue<BenchClient> clients = new ConcurrentLinkedQueue<>();
  private final Histogram connectMicros = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
  private final Recorder connectInterval = new Recorder(SIGNIFICANT_DIGITS);
  private final LongAdder registered = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final Map<String, LongAdder> perAddress = new ConcurrentHashMap<>();
  private final ProgressTicker ticker = new ProgressTicker();
  /** Sessions opened at the last progress line (the ticker's thread only). */
  private long lastOpened;
  private volatile String phase = "registering";
  private volatile boolean closing;

  private ConnectionsRun(ConnectionsConfig config) {
    this.config = config;
  }

  public static ConnectionsResult run(ConnectionsConfig config, PrintStream progress) {
    return new ConnectionsRun(config).execute(progress);
  }

  private ConnectionsResult execute(PrintStream progress) {
    HttpClient http = Identity.httpClient();
    WireCodec codec = new WireCodec(Limits.DEFAULTS);
    ServerProbe probe = new ServerProbe(http, config.metricsUrl(), config.serverPid(), config.gcBeforeReading(), config.timeout());
    ticker.start(System.nanoTime(), seconds -> progress(progress, seconds));
    try (WebSocketConnector connector = new WebSocketConnector(config.timeout(), SEND_BUFFER_FRAMES)) {
      List<String> tokens = register(new Identity(http, config.url(), config.timeout()));
      if (config.oneWorkspace()) {
        phase = "joining";
        joinOneWorkspace(connector, codec, tokens);
      }
      phase = "reading";
      ServerReading before = probe.read();
      phase = "connecting";
      long openStart = System.nanoTime();
      openAll(connector, codec, tokens);
      long openEnd = System.nanoTime();
      phase = "holding";
      long settle = config.hold().toNanos() / HOLD_SETTLE_DIVISOR;
      LockSupport.parkNanos(settle);
      Optional<Duration> cpuBefore = probe.cpuTime();
      long idleStart = System.nanoTime();
      LockSupport.parkNanos(config.hold().toNanos() - settle);
      double idleCores = cores(cpuBefore, probe.cpuTime(), System.nanoTime() - idleStart);
      phase = "reading";
      ServerReading after = probe.read();
      long open = opened.sum() - dropped.sum();
      closing = true;
      phase = "closing";
      clients.forEach(BenchClient::close);
      ticker.close();
      double openSeconds = (openEnd - openStart) / NANOS_PER_SECOND;
      return new ConnectionsResult(
          "connections",
          config.url().toString(),
          config.sessions(),
          config.users(),
          config.connectsPerSecond(),
          opened.sum(),
          failed.sum(),
          dropped.sum(),
          firstError.get(),
          openSeconds,
          openSeconds > 0 ? opened.sum() / openSeconds : 0,
          Latency.of(connectMicros),
          perAddressCounts(),
          config.hold().toNanos() / NANOS_PER_SECOND,
          before,
          after,
          perSession(before.heapUsedBytes(), after.heapUsedBytes(), open),
          perSession(before.rssBytes(), after.rssBytes(), open),
          idleCores,
          ticker.timeline());
    } finally {
      ticker.close();
    }
  }

  /** Registers and logs in every user (the slow, uncounted part): one access token each. */
  private List<String> register(Identity identity) {
    ExecutorService pool = Executors.newFixedThreadPool(config.setupParallelism());
    try {
      List<CompletableFuture<AuthBodies.Tokens>> users = new ArrayList<>();
      for (int u = 0; u < config.users(); u++) {
        String username = "b" + run + "-u" + u;
        users.add(CompletableFuture.supplyAsync(() -> {
          AuthBodies.Tokens tokens = identity.registerAndLogin(username, PASSWORD);
          registered.increment();
          return tokens;
        }, pool));
      }
      try {
        CompletableFuture.allOf(users.toArray(CompletableFuture[]::new)).join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof BenchException failure ? failure : e;
      }
      return users.stream().map(f -> f.join().accessToken()).toList();
    } finally {
      pool.shutdown();
    }
  }

  /** The first user creates a workspace and every other joins it, each over a short-lived socket of its own (uncounted). */
  private void joinOneWorkspace(WebSocketConnector connector, WireCodec codec, List<String> tokens) {
    URI ws = Fixture.webSocketUri(config.url());
    String invite;
    try (BenchClient owner = BenchClient.open(connector, ws, codec, config.timeout(), new Idle())) {
      owner.callRetrying(new Request.Auth(tokens.get(0), null));
      String workspaceId = owner.call(new WorkspaceRequest.WorkspaceCreate("bench " + run)).path("workspace").path("id").asText();
      invite = owner.call(new WorkspaceRequest.WorkspaceInvite(workspaceId)).path("code").asText();
    }
    ExecutorService pool = Executors.newFixedThreadPool(config.setupParallelism());
    try {
      List<CompletableFuture<Void>> joins = new ArrayList<>();
      for (String token : tokens.subList(1, tokens.size())) {
        joins.add(CompletableFuture.runAsync(() -> {
          try (BenchClient member = BenchClient.open(connector, ws, codec, config.timeout(), new Idle())) {
            member.callRetrying(new Request.Auth(token, null));
            member.callRetrying(new WorkspaceRequest.WorkspaceJoin(invite));
          }
        }, pool));
      }
      CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof BenchException failure ? failure : e;
    } finally {
      pool.shutdown();
    }
  }

  private void openAll(WebSocketConnector connector, WireCodec codec, List<String> tokens) {
    URI ws = Fixture.webSocketUri(config.url());
    Semaphore slots = new Semaphore(config.maxPending());
    double periodNanos = NANOS_PER_SECOND / config.connectsPerSecond();
    long start = System.nanoTime();
    for (int i = 0; i < config.sessions(); i++) {
      long wait = start + (long) (i * periodNanos) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      slots.acquireUninterruptibly();
      open(connector, codec, ws, tokens.get(i / config.sessionsPerUser()), localAddress(i), slots);
    }
    slots.acquireUninterruptibly(config.maxPending());
  }

  private Optional<InetAddress> localAddress(int session) {
    List<InetAddress> addresses = config.localAddresses();
    return addresses.isEmpty() ? Optional.empty() : Optional.of(addresses.get(session % addresses.size()));
  }

  private void open(WebSocketConnector connector, WireCodec codec, URI ws, String token, Optional<InetAddress> local, Semaphore slots) {
    long attempt = System.nanoTime();
    pending.incrementAndGet();
    Idle session = new Idle();
    BenchClient.openAsync(connector, ws, local, codec, config.timeout(), session)
        .thenCompose(client -> {
          clients.add(client);
          return client.request(new Request.Auth(token, null, config.presenceBatches() ? List.of(Features.PRESENCE_BATCH) : null));
        })
        .whenComplete((data, error) -> {
          pending.decrementAndGet();
          if (error == null) {
            session.authenticated = true;
            long micros = Math.max(0, (System.nanoTime() - attempt) / NANOS_PER_MICRO);
            connectMicros.recordValue(micros);
            connectInterval.recordValue(micros);
            opened.increment();
            perAddress.computeIfAbsent(local.map(InetAddress::getHostAddress).orElse("any"), a -> new LongAdder()).increment();
          } else {
            failed.increment();
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            firstError.compareAndSet(null, String.valueOf(cause.getMessage()));
          }
          slots.release();
        });
  }

  private Map<String, Long> perAddressCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    config.localAddresses().forEach(a -> counts.put(a.getHostAddress(), 0L));
    perAddress.forEach((address, count) -> counts.put(address, count.sum()));
    return config.localAddresses().isEmpty() ? Map.of() : counts;
  }

  /** The server's CPU over {@code wallNanos} in cores; {@link ConnectionsResult#UNKNOWN_CORES} if not read. */
  private static double cores(Optional<Duration> before, Optional<Duration> after, long wallNanos) {
    if (before.isEmpty() || after.isEmpty() || wallNanos <= 0) {
      return ConnectionsResult.UNKNOWN_CORES;
    }
    return (after.get().toNanos() - before.get().toNanos()) / (double) wallNanos;
  }

  private static long perSession(long before, long after, long sessions) {
    if (before == ServerReading.UNKNOWN || after == ServerReading.UNKNOWN || sessions <= 0) {
      return ServerReading.UNKNOWN;
    }
    return (after - before) / sessions;
  }

  /**
   * A session that only waits: events are ignored; the end of an authenticated session before the
   * run closes it is a drop (a session that failed its auth is already counted as failed).
   */
  private final class Idle implements BenchClient.Listener {
    private volatile boolean authenticated;

    @Override
    public void onEvent(String type, JsonNode data) {}

    @Override
    public void onClosed(int code, String reason) {
      if (authenticated && !closing) {
        dropped.increment();
        firstError.compareAndSet(null, "a session was closed by the server (" + code + " " + reason + ")");
      }
    }
  }

  private Timeline.Sample progress(PrintStream out, double seconds) {
    long now = opened.sum();
    out.printf("%6.1fs %-11s registered %7d/%d  open %7d  connects %6d/s  pending %5d  failed %d  dropped %d%n",
        seconds, phase, registered.sum(), config.users(), now - dropped.sum(), now - lastOpened, pending.get(), failed.sum(), dropped.sum());
    Map<String, Double> rates = new LinkedHashMap<>();
    rates.put("connects/s", (double) (now - lastOpened));
    rates.put("failed (total)", (double) failed.sum());
    rates.put("dropped (total)", (double) dropped.sum());
    Latency interval = Latency.of(connectInterval.getIntervalHistogram());
    Map<String, Double> latency = new LinkedHashMap<>();
    if (interval.count() > 0) {
      latency.put("connect+auth p50", interval.p50());
      latency.put("connect+auth p99", interval.p99());
      latency.put("connect+auth max", interval.max());
    }
    lastOpened = now;
    return new Timeline.Sample(seconds, rates, latency);
  }
}
