package dev.parley.node.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * The HTTP port on the JDK's non-blocking sockets: Pekko HTTP's server layer (parsing, rendering,
 * request timeouts, the WebSocket upgrade) on each accepted socket, over a {@link SocketStage}
 * instead of Pekko's TCP connection actor. Holds at most {@code max-connections} sockets, as Pekko
 * HTTP does: beyond it, new connections wait in the kernel's backlog.
 */
final class SocketServer {
  private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

  private final ActorSystem<?> system;
  private final ServerSettings settings;
  private final Function<HttpRequest, CompletionStage<HttpResponse>> handler;
  /** Pekko HTTP's server layer over plain bytes: one blueprint, materialized for each connection. */
  private final BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> httpLayer;
  private final Duration acceptRetry;
  private final AcceptPause pause;
  private final ExecutionContextExecutor executor;
  private final Materializer materializer;
  private final SelectorLoop loop;
  private final ServerSocketChannel server;
  private final SelectionKey acceptKey;
  /** Connections taken from the backlog per turn ({@code pekko.io.tcp.batch-accept-limit}), as Pekko's listener takes. */
  private final int acceptBatch;
  private final ThreadLocal<ByteBuffer> readBuffers;
  private final Map<SocketChannel, ConnectionRequests> open = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final CompletableFuture<Done> allClosed = new CompletableFuture<>();
  private volatile boolean unbound;

  /**
   * Binds {@code host:port} and serves {@code handler} on every connection; {@code idleTimeout}
   * null: connections are never closed for being idle.
   */
  SocketServer(
      ActorSystem<?> system,
      ServerSettings settings,
      Function<HttpRequest, CompletionStage<HttpResponse>> handler,
      Duration idleTimeout,
      int readBufferBytes,
      Duration acceptRetry,
      AcceptPause pause,
      String host,
      int port)
      throws IOException {
    this.system = system;
    this.settings = settings;
    this.handler = handler;
    this.httpLayer = httpLayer(system, settings, idleTimeout);
    this.acceptRetry = acceptRetry;
    this.pause = pause;
    this.executor = system.executionContext();
    this.materializer = Materializer.matFromSystem(system);
    this.readBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(readBufferBytes));
    this.server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(new InetSocketAddress(host, port), settings.getBacklog());
      server.configureBlocking(false);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    this.loop = new SelectorLoop("parley-http-" + localAddress().getPort());
    this.acceptBatch = system.settings().config().getInt("pekko.io.tcp.batch-accept-limit");
    // On the node's threads, as Pekko's TCP listener accepts: a node whose threads are behind then
    // accepts later, and new connections wait in the backlog rather than inside the node.
    this.acceptKey = loop.register(server, ready -> executor.execute(this::accept));
    loop.interest(acceptKey, SelectionKey.OP_ACCEPT);
  }

  InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("the HTTP port is closed", e);
    }
  }

  /**
   * On one of the node's threads, once the selector saw connections waiting: takes up to {@link
   * #acceptBatch} of them from the backlog, up to the node's cap, unless the node is crowded ({@link
   * AcceptPause}), then waits for the selector again, behind whatever else the threads have to do.
   * A failed accept (out of file descriptors, most likely) is tried again {@code acceptRetry} later:
   * at once, the connection still waiting would fail it again in a busy loop.
   */
  private void accept() {
    for (int taken = 0; taken < acceptBatch && !unbound && count.get() < settings.getMaxConnections(); taken++) {
      if (pause.crowded().getAsBoolean()) {
        system.scheduler().scheduleOnce(pause.recheck(), () -> loop.interest(acceptKey, SelectionKey.OP_ACCEPT), executor);
        return;
      }
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (!unbound) {
          log.warn("Accepting a connection on the HTTP port failed; trying again in {}", acceptRetry, e);
          system.scheduler().scheduleOnce(acceptRetry, () -> loop.interest(acceptKey, SelectionKey.OP_ACCEPT), executor);
        }
        return;
      }
      if (channel == null) {
        break;
      }
      count.incrementAndGet();
      ConnectionRequests requests = new ConnectionRequests();
      open.put(channel, requests);
      executor.execute(() -> serve(channel, requests));
    }
    if (!unbound && count.get() < settings.getMaxConnections()) {
      loop.interest(acceptKey, SelectionKey.OP_ACCEPT);
    }
  }

  private void serve(SocketChannel channel, ConnectionRequests requests) {
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
      SocketWriter writer = new SocketWriter(channel, loop);
      SocketTakeover takeover = new SocketTakeover();
      requests
          .around(handler, remote, takeover)
          .join(httpLayer)
          .join(Flow.fromGraph(new SocketStage(channel, loop, writer, takeover, readBuffers::get, () -> closed(channel))))
          .run(materializer);
    } catch (IOException e) {
      log.debug("A connection to the HTTP port was gone before it was served", e);
      close(channel);
      closed(channel);
    } catch (RuntimeException e) {
      log.warn("Could not serve a connection on the HTTP port", e);
      close(channel);
      closed(channel);
    }
  }

  /**
   * Pekko HTTP's server layer over plain bytes, closing a connection idle in both directions, built
   * once as Pekko HTTP's own binding builds it rather than for each accepted socket.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> httpLayer(
      ActorSystem<?> system, ServerSettings settings, Duration idleTimeout) {
    // TLSPlacebo emits SessionBytes, a kind of the SslTlsInbound the layer takes; Java's generics cannot say so.
    BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed> plain =
        (BidiFlow) TLSPlacebo.getInstance();
    BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> layer =
        Http.get(system.classicSystem()).serverLayer(settings, Optional.empty(), system.classicSystem().log()).atop(plain);
    return idleTimeout == null ? layer : layer.atop(BidiFlow.bidirectionalIdleTimeout(idleTimeout));
  }

  private void closed(SocketChannel channel) {
    if (open.remove(channel) == null) {
      return;
    }
    int left = count.decrementAndGet();
    if (unbound) {
      if (left == 0) {
        allClosed.complete(Done.getInstance());
      }
    } else if (left == settings.getMaxConnections() - 1) {
      loop.interest(acceptKey, SelectionKey.OP_ACCEPT);
    }
  }

  /** Stops accepting connections; the ones open stay. */
  void unbind() {
    unbound = true;
    acceptKey.cancel();
    close(server);
    loop.wake();
    if (count.get() == 0) {
      allClosed.complete(Done.getInstance());
    }
  }

  /**
   * After {@link #unbind}: closes the connections that owe no response at once, waits up to
   * {@code deadline} for the others to answer and close, then closes the rest.
   */
  CompletableFuture<Done> terminate(Duration deadline) {
    open.forEach(
        (channel, requests) -> {
          if (requests.closeWhenIdle()) {
            close(channel);
            closed(channel);
          }
        });
    loop.wake();
    return allClosed
        .completeOnTimeout(Done.getInstance(), deadline.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(
            done -> {
              if (!open.isEmpty()) {
                log.info("Closing {} HTTP connections still open at shutdown", open.size());
              }
              open.keySet().forEach(SocketServer::close);
              loop.close();
              return done;
            });
  }

  private static void close(Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // the socket is gone either way
    }
  }
}
