package dev.parley.bench;

import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.scaladsl.model.ws.PeerClosedConnectionException;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Opens WebSockets with Pekko HTTP's client. The JDK 17 {@code HttpClient} cannot bind a
 * connection to a chosen local address; this client can, which lets one generator spread tens of
 * thousands of connections over several loopback source addresses (each has its own ephemeral
 * port range). One instance (one ActorSystem) serves a whole run.
 */
final class WebSocketConnector implements AutoCloseable {
  private static final int NORMAL_CLOSURE = 1000;
  private static final int ABNORMAL_CLOSURE = 1006;

  /** An open socket: text frames out, and nothing else the caller needs to know. */
  interface Socket {
    /** Queues a text frame; false when the send buffer is full or the socket has ended. */
    boolean send(String text);

    /** Starts a polite close; the end is then reported to the socket's {@code onEnd}. */
    void close();
  }

  /** How a socket ended: the close code from the server, or 1006 when it just broke. */
  record End(int code, String reason) {}

  private final ActorSystem system;
  private final Materializer materializer;
  private final Http http;
  private final ClientConnectionSettings settings;
  private final int sendBufferFrames;
  private final Duration timeout;

  WebSocketConnector(Duration timeout, int sendBufferFrames) {
    this.system =
        ActorSystem.create(
            "parley-bench",
            ConfigFactory.parseResources("parley-bench.conf").withFallback(ConfigFactory.defaultReference()).resolve());
    this.materializer = Materializer.matFromSystem(system);
    this.http = Http.get(system);
    this.settings = ClientConnectionSettings.create(system).withConnectingTimeout(timeout);
    this.sendBufferFrames = sendBufferFrames;
    this.timeout = timeout;
  }

  /**
   * Opens a socket to {@code uri}, from {@code localAddress} if given. Incoming text frames go to
   * {@code onText} one at a time, in order; {@code onEnd} runs once when the socket ends.
   */
  CompletableFuture<Socket> open(URI uri, Optional<InetAddress> localAddress, Consumer<String> onText, Consumer<End> onEnd) {
    Source<Message, BoundedSourceQueue<Message>> outgoing = Source.queue(sendBufferFrames);
    Sink<Message, CompletionStage<Done>> incoming =
        Flow.<Message>create()
            .mapAsync(1, this::strictText)
            .toMat(Sink.foreach(text -> {
              if (text != null) {
                onText.accept(text);
              }
            }), Keep.right());
    Flow<Message, Message, Pair<CompletionStage<Done>, BoundedSourceQueue<Message>>> flow =
        Flow.fromSinkAndSourceCoupledMat(incoming, outgoing, Keep.both());
    Optional<InetSocketAddress> local = localAddress.map(address -> new InetSocketAddress(address, 0));
    Pair<CompletionStage<WebSocketUpgradeResponse>, Pair<CompletionStage<Done>, BoundedSourceQueue<Message>>> running =
        http.singleWebSocketRequest(
            WebSocketRequest.create(uri.toString()),
            flow,
            http.defaultClientHttpsContext(),
            local,
            settings.withLocalAddress(local),
            system.log(),
            materializer);
    BoundedSourceQueue<Message> queue = running.second().second();
    running.second().first().whenComplete((done, error) -> onEnd.accept(end(error)));
    return running.first().toCompletableFuture().thenApply(upgrade -> {
      if (!upgrade.response().status().equals(StatusCodes.SWITCHING_PROTOCOLS)) {
        try {
          queue.fail(new IllegalStateException("upgrade refused"));
        } catch (IllegalStateException alreadyEnded) {
          // the stream ended with the refused upgrade already
        }
        throw new BenchException("unavailable", "WebSocket upgrade refused: HTTP " + upgrade.response().status().intValue());
      }
      AtomicBoolean closed = new AtomicBoolean();
      return new Socket() {
        @Override
        public boolean send(String text) {
          try {
            return queue.offer(TextMessage.create(text)) == QueueOfferResult.enqueued();
          } catch (IllegalStateException alreadyClosed) {
            return false; // completed by close() from another thread
          }
        }

        @Override
        public void close() {
          if (closed.compareAndSet(false, true)) {
            try {
              queue.complete();
            } catch (IllegalStateException alreadyEnded) {
              // the stream ended first (the server closed or the connection broke): nothing to close
            }
          }
        }
      };
    });
  }

  /** Small frames arrive whole; a frame split over TCP reads is collected first. Binary frames are ignored. */
  private CompletionStage<String> strictText(Message message) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
      return CompletableFuture.completedFuture(null);
    }
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) {
      return CompletableFuture.completedFuture(text.getStrictText());
    }
    return text.toStrict(timeout.toMillis(), materializer).thenApply(TextMessage::getStrictText);
  }

  private static End end(Throwable error) {
    if (error == null) {
      return new End(NORMAL_CLOSURE, "");
    }
    Throwable cause = error.getCause() != null && !(error instanceof PeerClosedConnectionException) ? error.getCause() : error;
    if (cause instanceof PeerClosedConnectionException closed) {
      return new End(closed.closeCode(), closed.closeReason());
    }
    return new End(ABNORMAL_CLOSURE, String.valueOf(error.getMessage()));
  }

  @Override
  public void close() {
    system.terminate();
  }
}
