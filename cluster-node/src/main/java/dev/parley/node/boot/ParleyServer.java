package dev.parley.node.boot;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.management.MembershipLog;
import dev.parley.node.management.ProbedDowning;
import dev.parley.node.net.HttpPort;
import dev.parley.persistence.DataSources;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.JournalConfig;
import dev.parley.persistence.Migrations;
import dev.parley.protocol.Limits;
import dev.parley.protocol.WireCodec;
import dev.parley.seed.ClusterFormation;
import dev.parley.seed.Management;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Parley node: database and migrations, the actor system and its sharded entities, the
 * node hubs (channels, presence), cluster formation, Pekko Management and the HTTP/WebSocket
 * server. Server lifecycle lives here and only here; shutdown goes through CoordinatedShutdown.
 */
public final class ParleyServer {
  private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
  private static final String SYSTEM_NAME = "parley";

  /** A started node. */
  public record Running(ActorSystem<Void> system, int httpPort) {
    /** Runs CoordinatedShutdown (termination triggers it) and completes when the system is gone. */
    public CompletionStage<Done> stop() {
      system.terminate();
      return system.getWhenTerminated();
    }
  }

  private ParleyServer() {}

  /** Starts a node; the stage completes when the node is a cluster member and HTTP is bound. */
  public static CompletionStage<Running> start(NodeSettings settings, Config config) {
    DatabaseSettings database = NodeDatabase.settings(settings);
    HikariDataSource dataSource = DataSources.create(database);
    try {
      Migrations.apply(dataSource, database.dialect());
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    byte[] secret = NodeDatabase.tokenSecret(settings, dataSource);
    String advertisedHost = ClusterFormation.advertisedHost(settings.formation(), settings.clusterHost());
    warnIfClusterIsOpen(settings, advertisedHost);
    Config full =
        JournalConfig.forDatabase(database)
            .withFallback(settings.clusterTls().pekkoConfig())
            .withFallback(ClusterFormation.configFor(settings.formation(), advertisedHost))
            .withFallback(
                ConfigFactory.empty().withValue("pekko.cluster.app-version", ConfigValueFactory.fromAnyRef(settings.appVersion())))
            .withFallback(config)
            .resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, full);
    CoordinatedShutdown.get(system.classicSystem())
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-app-database",
            () -> {
              dataSource.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    CompletionStage<Running> started;
    try {
      started = startIn(system, settings, full, secret, database, dataSource, advertisedHost);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
    // A part that fails later (the join, the HTTP bind) ends the start as one that throws at once does.
    return started.whenComplete(
        (running, failure) -> {
          if (failure != null) {
            system.terminate();
          }
        });
  }

  private static CompletionStage<Running> startIn(
      ActorSystem<Void> system,
      NodeSettings settings,
      Config config,
      byte[] secret,
      DatabaseSettings database,
      HikariDataSource dataSource,
      String advertisedHost) {
    Clock clock = Clock.systemUTC();
    Config parley = config.getConfig("parley");
    Limits limits = WireLimits.from(parley.getConfig("limits"));
    WireCodec codec = new WireCodec(limits);
    Domain domain = Domain.start(system, settings, config, limits, secret, database.dialect(), dataSource, clock);
    Front.Door door = Front.start(system, settings, config, codec, domain, database.dialect(), dataSource, clock);

    system.systemActorOf(MembershipLog.create(), "membership-log", Props.empty());
    system.systemActorOf(
        ProbedDowning.create(
            system.dispatchers().lookup(DispatcherSelector.fromConfig("parley.blocking-dispatcher")),
            parley.getDuration("failover.probe-timeout"),
            parley.getDuration("failover.stable-after"),
            outboundClientHost(config)),
        "probed-downing",
        Props.empty());
    CompletionStage<?> management = Management.start(system);
    // Joined only once the journal is warm: the cluster places entities here from the moment it is a
    // member. Part of the start's answer, so that a join that throws fails the start.
    CompletionStage<Done> joined =
        JournalWarmup.run(system)
            .thenApply(
                warm -> {
                  ClusterFormation.join(system, settings.formation());
                  return warm;
                });
    CompletableFuture<Done> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(system.classicSystem()).registerOnMemberUp(() -> up.complete(Done.getInstance()));
    CompletionStage<Integer> binding = HttpPort.bind(system, parley, settings.httpHost(), settings.httpPort(), door.route(), door.crowded());
    return binding
        .thenCombine(management, (p, m) -> p)
        .thenCombine(joined, (p, j) -> p)
        .thenCombine(up, (p, u) -> p)
        .thenApply(
            port -> {
              log.info(
                  "Parley node ready in {} ms: http://{}:{} (WebSocket /v1/ws), management http://{}:{}, "
                      + "cluster {}:{} ({}, {}), database {}, files in {}, app version {}",
                  java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
                  settings.httpHost(),
                  port,
                  settings.managementHost(),
                  settings.managementPort(),
                  advertisedHost,
                  settings.clusterPort(),
                  settings.formation().discovery().setting(),
                  settings.clusterTls().enabled() ? "mutual TLS" : "plain TCP",
                  settings.embeddedDatabase() ? "embedded H2 in " + settings.dataDir() : database.dialect(),
                  domain.files().describeStore(),
                  settings.appVersion());
              return new Running(system, port);
            });
  }

  /** The address the node has in the cluster, {@code pekko://parley@host:port}, as members are shown. */
  public static String clusterAddress(NodeSettings settings) {
    return "pekko://" + SYSTEM_NAME + "@" + ClusterFormation.advertisedHost(settings.formation(), settings.clusterHost())
        + ":" + settings.clusterPort();
  }

  /**
   * Plain Artery lets anything that reaches the cluster port join and message every actor; that
   * is fine on loopback only, so elsewhere the operator hears of it at every start.
   */
  private static void warnIfClusterIsOpen(NodeSettings settings, String host) {
    if (settings.clusterTls().enabled()) {
      return;
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      log.warn(
          "The cluster port {}:{} is plain TCP: anything that reaches it can join the cluster. Set PARLEY_CLUSTER_TLS_* "
              + "(docs/security.md, \"Cluster transport\").",
          host,
          settings.clusterPort());
    }
  }

  /** The configuration of a production node: the JVM exits when the node shuts down. */
  public static Config productionOverrides() {
    return ConfigFactory.empty()
        .withValue("pekko.coordinated-shutdown.exit-jvm", ConfigValueFactory.fromAnyRef("on"));
  }

  /** Where Pekko's outgoing cluster connections leave from (null: the kernel's choice), for the downing probe to leave from too. */
  private static String outboundClientHost(Config config) {
    String host = config.getString("pekko.remote.artery.advanced.tcp.outbound-client-hostname");
    return host.isEmpty() ? null : host;
  }
}
