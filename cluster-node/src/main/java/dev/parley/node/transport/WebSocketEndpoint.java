package dev.parley.node.transport;

import dev.parley.node.Ids;
import dev.parley.node.auth.SecurityLog;
import dev.parley.node.net.ClientAddress;
import dev.parley.node.net.SocketTakeover;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.ErrorCode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Origin;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.scaladsl.settings.WebSocketSettings;

/**
 * {@code GET /v1/ws}: checks the {@code Origin} and the node's and the client address's socket caps
 * ({@link SocketQuota}), upgrades, and wires the socket to a new {@link Connection} actor: on the
 * node's own sockets by taking the socket over from Pekko HTTP ({@link SocketWebSocket}), on Pekko's
 * binding through a {@link WebSocketProtocol} stage in place of Pekko's own WebSocket stack.
 */
public final class WebSocketEndpoint {
  /**
   * Messages a socket may read ahead of its connection: one, as the contract's requests are
   * answered in order of arrival and a flood is to wait in TCP, not in a mailbox.
   */
  private static final int INBOUND_WINDOW = 1;

  private final ActorSystem<?> system;
  private final Connection.Dependencies deps;
  private final List<String> allowedOrigins;
  private final ClientAddress clientAddress;
  private final SocketQuota quota;
  private final int maxFrameBytes;
  /** Pekko HTTP's {@code periodic-keep-alive-max-idle}: an idle socket gets a ping this often (zero: never). */
  private final Duration keepAlive;
  private final SocketWebSocket.Timing timing;

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
    ServerSettings server = ServerSettings.create(system.classicSystem());
    this.keepAlive = finite(((WebSocketSettings) server.getWebsocketSettings()).periodicKeepAliveMaxIdle(), Duration.ZERO);
    this.timing =
        new SocketWebSocket.Timing(
            system.scheduler(),
            system.executionContext(),
            deps.settings().closeGrace(),
            keepAlive,
            finite(server.getTimeouts().idleTimeout(), null));
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
    InboundCredit credit = new InboundCredit(INBOUND_WINDOW);
    ActorRef<Connection.Command> connection;
    try {
      connection = system.systemActorOf(Connection.create(deps, sessionId, outbox, credit, slot), "ws-" + sessionId, Props.empty());
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
    Optional<SocketTakeover> takeover = request.getAttribute(SocketTakeover.ATTRIBUTE);
    if (takeover.isPresent()) {
      takeover.get().afterSwitchingProtocols(new SocketWebSocket(frameQueue, closeRequest, credit, connection, maxFrameBytes, timing));
      return SwitchingProtocols.response(request);
    }
    WebSocketProtocol protocol =
        new WebSocketProtocol(frameQueue, closeRequest, credit, connection, maxFrameBytes, deps.settings().closeGrace(), keepAlive);
    return PekkoFrames.handleFrames(upgrade.get(), protocol);
  }

  private static Duration finite(scala.concurrent.duration.Duration duration, Duration otherwise) {
    return duration.isFinite() ? Duration.ofNanos(duration.toNanos()) : otherwise;
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
}
