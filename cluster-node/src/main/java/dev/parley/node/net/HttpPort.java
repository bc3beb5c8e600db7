package dev.parley.node.net;

import com.typesafe.config.Config;
import dev.parley.seed.SettingChecks;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the node's HTTP port ({@code parley.http}) on the transport its {@code transport} setting
 * names: {@code parley}, the node's own sockets ({@link SocketServer}), or {@code pekko}, Pekko
 * HTTP's own binding on Pekko's TCP actors. Either way the port stops accepting when the node shuts
 * down (Pekko's service-unbind phase) and connections still open {@code close-grace} later are closed.
 */
public final class HttpPort {
  private static final Logger log = LoggerFactory.getLogger(HttpPort.class);

  /** The transports {@code parley.http.transport} may name. */
  public enum Transport {
    PARLEY,
    PEKKO;

    /** {@code parley} or {@code pekko}. */
    public static Transport fromSetting(String value) {
      return SettingChecks.oneOf(Transport.class, value);
    }
  }

  private HttpPort() {}

  /**
   * Serves {@code route} on {@code host:port}; completes with the bound port. On the node's own
   * sockets, new connections wait in the backlog while {@code crowded} says so.
   */
  public static CompletionStage<Integer> bind(
      ActorSystem<?> system, Config parley, String host, int port, Route route, BooleanSupplier crowded) {
    Duration closeGrace = parley.getDuration("connection.close-grace");
    Transport transport = Transport.fromSetting(parley.getString("http.transport"));
    if (transport == Transport.PEKKO) {
      return Http.get(system)
          .newServerAt(host, port)
          .bind(route)
          .thenApply(b -> b.addToCoordinatedShutdown(closeGrace, system).localAddress().getPort());
    }
    ServerSettings settings = ServerSettings.create(system.classicSystem());
    scala.concurrent.duration.Duration idle = settings.getTimeouts().idleTimeout();
    SocketServer server;
    try {
      server =
          new SocketServer(
              system,
              settings,
              route.handler(system),
              idle.isFinite() ? Duration.ofNanos(idle.toNanos()) : null,
              (int) parley.getBytes("http.read-buffer").longValue(),
              parley.getDuration("http.accept-retry"),
              new AcceptPause(crowded, parley.getDuration("http.crowded-recheck")),
              host,
              port);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system.classicSystem());
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "http-unbind",
        () -> {
          server.unbind();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-terminate", () -> server.terminate(closeGrace));
    int bound = server.localAddress().getPort();
    log.info("HTTP port {}:{} bound on the node's own sockets (parley.http.transport)", host, bound);
    return CompletableFuture.completedFuture(bound);
  }
}
