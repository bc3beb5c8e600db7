package dev.parley.node.boot;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.channel.ChannelHub;
import dev.parley.node.http.HookRoutes;
import dev.parley.node.http.HttpApi;
import dev.parley.node.http.OpApi;
import dev.parley.node.http.SearchRoutes;
import dev.parley.node.management.AdminApi;
import dev.parley.node.management.NodeState;
import dev.parley.node.management.OnlineBackup;
import dev.parley.node.net.ClientAddress;
import dev.parley.node.read.search.MessageSearch;
import dev.parley.node.transport.AuthAdmission;
import dev.parley.node.transport.Connection;
import dev.parley.node.transport.ConnectionRegistry;
import dev.parley.node.transport.ConnectionSettings;
import dev.parley.node.transport.SocketQuota;
import dev.parley.node.transport.WebSocketEndpoint;
import dev.parley.node.transport.WireFrames;
import dev.parley.persistence.Dialect;
import dev.parley.protocol.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What clients and operators reach: the WebSocket endpoint with the channel hub that feeds its
 * sockets, the HTTP API, and the operator API that Pekko Management serves.
 */
final class Front {
  private static final Logger log = LoggerFactory.getLogger(Front.class);

  private Front() {}

  /** The route the HTTP port binds, and whether new sessions come faster than the node takes them. */
  record Door(Route route, BooleanSupplier crowded) {}

  /** Builds the endpoints over {@code domain}. */
  static Door start(
      ActorSystem<?> system,
      NodeSettings settings,
      Config config,
      WireCodec codec,
      Domain domain,
      Dialect dialect,
      HikariDataSource dataSource,
      Clock clock) {
    Config parley = config.getConfig("parley");
    Duration askTimeout = parley.getDuration("ask-timeout");
    WireFrames frames = new WireFrames(codec);
    ActorRef<ChannelHub.Command> hub =
        system.systemActorOf(ChannelHub.create(parley.getDuration("hub.renew-every"), frames), "channel-hub", Props.empty());
    ConnectionRegistry connections = new ConnectionRegistry();
    ClientAddress clientAddress = new ClientAddress(settings.trustedProxies());
    ConnectionSettings connectionSettings = ConnectionSettings.from(config);
    AuthAdmission admission =
        new AuthAdmission(connectionSettings.authsAtOnce(), connectionSettings.authsWaitingToPauseAccepting(), system.executionContext());
    Throttles throttles = Throttles.from(parley, connectionSettings);
    WebSocketEndpoint webSocket =
        new WebSocketEndpoint(
            system,
            new Connection.Dependencies(
                codec,
                domain.tokens(),
                domain.bots(),
                domain.chat(),
                hub,
                domain.presenceHub(),
                frames,
                connections,
                connectionSettings,
                admission,
                clock),
            settings.webSocketOrigins(),
            clientAddress,
            new SocketQuota(settings.socketLimits()));
    AdminApi admin =
        new AdminApi(
            system,
            codec,
            settings.adminToken(),
            parley.getDuration("admin.drain-delay"),
            throttles.admin(),
            new OnlineBackup(dataSource, dialect == Dialect.H2, settings.backupDir(), Clock.systemUTC()));
    NodeState.get(system).started(dataSource, connections, admin);
    drainOnShutdown(system, connections, connectionSettings.closeGrace());
    Route route = new HttpApi(
            domain.auth(),
            domain.tokens(),
            throttles.auth(),
            clientAddress,
            webSocket,
            new SearchRoutes(
                system, domain.tokens(), new MessageSearch(dataSource, dialect), settings.search(), codec, throttles.search(), askTimeout),
            domain.files(),
            throttles.uploads(),
            new OpApi(domain.tokens(), domain.bots(), domain.chat(), codec, throttles.ops()),
            new HookRoutes(domain.chat().hooks(), codec, throttles.hooks()),
            codec,
            settings.webClient(),
            settings.securityHeaders(),
            domain.unsubscribeLinks(),
            domain.preferences())
        .route();
    return new Door(route, admission::crowded);
  }

  /**
   * When the node leaves (SIGTERM, {@code /v1/admin/drain}, downed), before it stops accepting
   * connections its clients are told {@code draining} and closed with 4004, so they reconnect to
   * other nodes while this one hands its shards over and leaves the cluster.
   */
  private static void drainOnShutdown(ActorSystem<?> system, ConnectionRegistry connections, Duration grace) {
    CoordinatedShutdown.get(system.classicSystem())
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "drain-connections",
            () -> {
              log.info("Draining {} connections", connections.size());
              return connections.drain().toCompletableFuture().completeOnTimeout(Done.getInstance(), grace.toMillis(), TimeUnit.MILLISECONDS);
            });
  }
}
