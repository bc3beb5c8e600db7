package dev.parley.node.net;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * One connection's requests to the handler, so that shutdown treats it as Pekko HTTP's graceful
 * terminator does: a connection that owes no response is closed at once (an idle keep-alive
 * connection would otherwise hold the shutdown for its whole deadline), and a response given
 * after shutdown began closes its connection.
 */
final class ConnectionRequests {
  private static final Connection CLOSE = Connection.create("close");

  private final AtomicInteger owed = new AtomicInteger();
  private volatile boolean closing;

  /**
   * The handler, one request at a time as HTTP/1.1 answers them, counting the responses owed. Each
   * request carries the connection's {@code remote} address, as Pekko HTTP's own binding attaches it
   * ({@code remote-address-attribute}): the server layer is built once for every connection, so it
   * cannot know it; and the connection's {@link SocketTakeover}, for a WebSocket opened on it.
   */
  Flow<HttpRequest, HttpResponse, NotUsed> around(
      Function<HttpRequest, CompletionStage<HttpResponse>> handler, InetSocketAddress remote, SocketTakeover takeover) {
    RemoteAddress address = RemoteAddress.create(remote);
    return Flow.<HttpRequest>create()
        .mapAsync(
            1,
            request -> {
              owed.incrementAndGet();
              return handler
                  .apply(request.addAttribute(AttributeKeys.remoteAddress, address).addAttribute(SocketTakeover.ATTRIBUTE, takeover))
                  .whenComplete((response, failure) -> owed.decrementAndGet())
                  .thenApply(response -> closing ? response.addHeader(CLOSE) : response);
            });
  }

  /** From now on each response closes its connection; true when none is owed, so the connection may be closed now. */
  boolean closeWhenIdle() {
    closing = true;
    return owed.get() == 0;
  }
}
