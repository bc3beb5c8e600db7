package dev.parley.node.gateway;

import dev.parley.node.Ids;
import dev.parley.node.auth.SecurityLog;
import dev.parley.node.net.ClientAddress;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.ErrorCode;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.event.Logging;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
import org.apache.pekko.http.impl.engine.ws.WebSocket$;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Origin;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.scaladsl.settings.WebSocketSettings;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * {@code GET /v1/ws}: checks the {@code Origin} and the node's and the client address's socket caps
 * ({@link SocketQuota}), upgrades, and wires the socket to a new {@link Connection} actor. The
 * socket runs on Pekko's own WebSocket stack with {@link FrameLayer} beneath it, which writes the
 * outbox's frames and gives the close frame the contract's code.
 */
public final class WebSocketEndpoint {
  private final ActorSystem<?> system;
  private final Connection.Dependencies deps;
  private final List<String> allowedOrigins;
  private final ClientAddress clientAddress;
  private final SocketQuota quota;
  private final int maxFrameBytes;
  private final Materializer materializer;
  /**
   * Pekko's WebSocket protocol stack, the same for every socket: built once, because when it was
   * built per socket its blueprint stayed in the heap for the socket's life, 6.4 of an idle
   * session's 60 KiB (docs/benchmarks.md, "Idle sessions").
   */
  private final org.apache.pekko.stream.scaladsl.BidiFlow<
          FrameEvent,
          org.apache.pekko.http.scaladsl.model.ws.Message,
          org.apache.pekko.http.scaladsl.model.ws.Message,
          FrameEvent,
          NotUsed>
      protocolStack;

  public WebSocketEndpoint(
      ActorSystem<?> system,
      Connection.Dependencies deps,
      List<String> allowedOrigins,
      ClientAddress clientAddress,
      SocketQuota quota) {
    this.system = system;
    this.deps = deps;
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.clientAddress = clientAddress;
    this.quota = quota;
    this.maxFrameBytes = deps.codec().limits().maxFrameBytes();
    this.materializer = Materializer.matFromSystem(system);
    this.protocolStack =
        WebSocket$.MODULE$.stack(
            true,
            (WebSocketSettings) ServerSettings.create(system.classicSystem()).getWebsocketSettings(),
            FiniteDuration.fromNanos(deps.settings().closeGrace().toNanos()),
            Logging.getLogger(system.classicSystem(), WebSocketEndpoint.class));
  }

  public HttpResponse handle(HttpRequest request) {
    Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
    if (upgrade.isEmpty()) {
      return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity("expected a WebSocket upgrade");
    }
    if (deps.registry().isDraining()) {
      return HttpResponse.create()
          .withStatus(StatusCodes.SERVICE_UNAVAILABLE)
          .withEntity("this node is draining; connect to another node");
    }
    Optional<Origin> origin = request.getHeader(Origin.class);
    if (origin.isPresent() && !originAllowed(origin.get(), request)) {
      return HttpResponse.create().withStatus(StatusCodes.FORBIDDEN).withEntity("origin not allowed");
    }
    InetAddress client = clientAddress.of(request);
    SocketQuota.Admission admission = quota.admit(ClientAddress.throttleKey(client));
    if (admission instanceof SocketQuota.Refused refused) {
      return refusal(refused.refusal(), client);
    }
    SocketQuota.Slot slot = ((SocketQuota.Admitted) admission).slot();
    String sessionId = Ids.random('s');
    CloseRequest closeRequest = new CloseRequest();
    FrameQueue frameQueue = new FrameQueue(deps.settings().outgoingBuffer());
    Outbox outbox = new Outbox(frameQueue, closeRequest, deps.frames(), deps.hub(), deps.clock(), deps.settings().maxReplay());
    ActorRef<Connection.Command> connection;
    try {
      connection = system.systemActorOf(Connection.create(deps, sessionId, outbox, slot), "ws-" + sessionId, Props.empty());
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
    // The stack's message side sends nothing (FrameLayer writes the frames); it only ends, when
    // the outbox is done, which starts the close handshake.
    Source<Message, NotUsed> outgoing =
        Source.completionStageSource(frameQueue.finished().thenApply(done -> Source.<Message>empty()))
            .mapMaterializedValue(ignored -> NotUsed.getInstance());
    Flow<org.apache.pekko.http.scaladsl.model.ws.Message, org.apache.pekko.http.scaladsl.model.ws.Message, NotUsed>
        messages =
            Flow.<org.apache.pekko.http.scaladsl.model.ws.Message>create()
                .map(message -> (Message) message)
                .via(Flow.fromSinkAndSource(inbound(connection), outgoing))
                .map(Message::asScala);
    var frames =
        org.apache.pekko.stream.scaladsl.BidiFlow.fromGraph(new FrameLayer(frameQueue, closeRequest, maxFrameBytes))
            .atop(protocolStack)
            .join(messages.asScala());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Graph<FlowShape<FrameEvent, FrameEvent>, Object> handler = (Graph) frames;
    return ((UpgradeToWebSocketLowLevel) upgrade.get()).handleFrames(handler, Option.empty());
  }

  /**
   * Over one address's caps: 429, {@code Retry-After} the auth timeout, by when that address's
   * sockets that never authenticate are closed. A full node: 503, so the client tries another.
   */
  private HttpResponse refusal(SocketQuota.Refusal refusal, InetAddress client) {
    SocketLimits limits = quota.limits();
    return switch (refusal) {
      case NODE_FULL -> error(StatusCodes.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, "this node is full; try another");
      case ADDRESS_FULL -> {
        SecurityLog.refusedSocket(client, limits.perAddress() + " open sockets from this address");
        yield tooMany("too many open connections from this address");
      }
      case ADDRESS_UNAUTHENTICATED_FULL -> {
        SecurityLog.refusedSocket(client, limits.unauthenticatedPerAddress() + " sockets from this address not yet authenticated");
        yield tooMany("too many connections from this address that have not authenticated");
      }
    };
  }

  private HttpResponse tooMany(String message) {
    long retryAfterSeconds = Math.max(1, (deps.settings().authTimeout().toMillis() + 999) / 1000);
    return error(StatusCodes.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED, message).addHeader(RetryAfter.create(retryAfterSeconds));
  }

  private HttpResponse error(StatusCode status, ErrorCode code, String message) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, deps.codec().encode(new ErrorBody(code, message)));
  }

  /** Same-origin pages (the node's own web client) and the configured origins may connect. */
  private boolean originAllowed(Origin origin, HttpRequest request) {
    String self = request.getUri().host().address() + ":" + request.getUri().port();
    for (var o : origin.getOrigins()) {
      if (allowedOrigins.contains(o.toString())) {
        return true;
      }
      int port = o.host().port() > 0 ? o.host().port() : ("https".equals(o.scheme()) ? 443 : 80);
      if (self.equals(o.host().host().address() + ":" + port)) {
        return true;
      }
    }
    return false;
  }

  private Sink<Message, NotUsed> inbound(ActorRef<Connection.Command> connection) {
    return Flow.<Message>create()
        .mapAsync(1, this::read)
        .to(
            ActorSink.actorRefWithBackpressure(
                connection,
                (ackTo, inbound) -> new Connection.Received(inbound, ackTo),
                Connection.StreamStarted::new,
                Connection.Ack.INSTANCE,
                new Connection.SocketClosed(null),
                Connection.SocketClosed::new));
  }

  /** One whole message, read with a size limit so a huge multi-frame message is never buffered. */
  private CompletionStage<Inbound> read(Message message) {
    if (!message.isText()) {
      return message
          .asBinaryMessage()
          .getStreamedData()
          .runWith(Sink.ignore(), materializer)
          .thenApply(done -> new Inbound.Binary());
    }
    var text = message.asTextMessage();
    if (text.isStrict()) {
      String strict = text.getStrictText();
      return CompletableFuture.completedFuture(
          strict.length() > maxFrameBytes ? new Inbound.TooLarge() : new Inbound.Text(strict));
    }
    return text.getStreamedText()
        .limitWeighted(maxFrameBytes, part -> (long) part.length())
        .runFold(new StringBuilder(), StringBuilder::append, materializer)
        .<Inbound>thenApply(sb -> new Inbound.Text(sb.toString()))
        .exceptionally(
            failure -> {
              Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
              if (cause instanceof StreamLimitReachedException) {
                return new Inbound.TooLarge();
              }
              throw new IllegalStateException(cause);
            });
  }
}
