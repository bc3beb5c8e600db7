package dev.parley.node.boot;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.Ids;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.account.Account;
import dev.parley.node.account.FirstAccount;
import dev.parley.node.admin.AdminService;
import dev.parley.node.audit.AuditLog;
import dev.parley.node.auth.AttemptThrottle;
import dev.parley.node.auth.AuthService;
import dev.parley.node.auth.LoginThrottle;
import dev.parley.node.auth.PasswordHasher;
import dev.parley.node.auth.RegistrationPolicy;
import dev.parley.node.auth.RegistrationSetting;
import dev.parley.node.auth.TokenService;
import dev.parley.node.auth.TokenSettings;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelHub;
import dev.parley.node.channel.ChannelSettings;
import dev.parley.node.channel.JournalChannelHistory;
import dev.parley.node.channel.OpeningHistory;
import dev.parley.node.edge.ChatService;
import dev.parley.node.edge.Entities;
import dev.parley.node.erasure.ErasureSettings;
import dev.parley.node.erasure.JdbcMessageKeys;
import dev.parley.node.erasure.MessageErasure;
import dev.parley.node.erasure.RetentionPolicies;
import dev.parley.node.erasure.RetentionSweep;
import dev.parley.node.files.Attachment;
import dev.parley.node.files.FileLinks;
import dev.parley.node.files.FileQuota;
import dev.parley.node.files.FileService;
import dev.parley.node.files.FileSettings;
import dev.parley.node.files.FileStore;
import dev.parley.node.files.LocalFileStore;
import dev.parley.node.files.S3FileStore;
import dev.parley.node.http.HttpApi;
import dev.parley.node.http.OpApi;
import dev.parley.node.http.SearchRoutes;
import dev.parley.node.management.AdminApi;
import dev.parley.node.management.EntityCensus;
import dev.parley.node.management.MembershipLog;
import dev.parley.node.management.NodeState;
import dev.parley.node.management.OnlineBackup;
import dev.parley.node.net.ClientAddress;
import dev.parley.node.read.directory.AccountDirectory;
import dev.parley.node.read.directory.AccountProjection;
import dev.parley.node.read.search.MessageSearch;
import dev.parley.node.read.search.SearchProjection;
import dev.parley.node.read.search.SearchSettings;
import dev.parley.node.session.HubPresencePublisher;
import dev.parley.node.session.PresenceHub;
import dev.parley.node.session.UserSession;
import dev.parley.node.transport.Connection;
import dev.parley.node.transport.ConnectionRegistry;
import dev.parley.node.transport.ConnectionSettings;
import dev.parley.node.transport.SocketQuota;
import dev.parley.node.transport.WebSocketEndpoint;
import dev.parley.node.transport.WireFrames;
import dev.parley.node.workspace.Workspace;
import dev.parley.persistence.DataSources;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.Dialect;
import dev.parley.persistence.JournalConfig;
import dev.parley.persistence.Migrations;
import dev.parley.persistence.SettingStore;
import dev.parley.protocol.Limits;
import dev.parley.protocol.WireCodec;
import dev.parley.seed.ClusterFormation;
import dev.parley.seed.Management;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
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
  private static final String TOKEN_SECRET_SETTING = "token-secret";
  private static final int GENERATED_SECRET_BYTES = 32;

  /** A started node. */
  public record Running(ActorSystem<Void> system, ServerBinding binding, int httpPort) {
    /** Runs CoordinatedShutdown (termination triggers it) and completes when the system is gone. */
    public CompletionStage<Done> stop() {
      system.terminate();
      return system.getWhenTerminated();
    }
  }

  private ParleyServer() {}

  /** Starts a node; the stage completes when the node is a cluster member and HTTP is bound. */
  public static CompletionStage<Running> start(NodeSettings settings, Config config) {
    DatabaseSettings database = database(settings);
    HikariDataSource dataSource = DataSources.create(database);
    try {
      Migrations.apply(dataSource, database.dialect());
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    byte[] secret = tokenSecret(settings, dataSource);
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
    try {
      return startIn(system, settings, full, secret, database, dataSource, advertisedHost);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
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
    Duration askTimeout = parley.getDuration("ask-timeout");
    PersistFailureBackoff backoff = PersistFailureBackoff.from(config);
    Limits limits = limits(parley.getConfig("limits"));
    WireCodec codec = new WireCodec(limits);

    Account.init(
        system,
        new Account.Settings(
            parley.getInt("account.snapshot-every"),
            parley.getInt("auth.max-refresh-tokens-per-user"),
            parley.getDuration("auth.refresh-reuse-grace"),
            backoff),
        clock);
    ActorRef<PresenceHub.Command> presenceHub = system.systemActorOf(PresenceHub.create(), "presence-hub", Props.empty());
    UserSession.init(
        system,
        new UserSession.Settings(
            parley.getInt("user-session.snapshot-every"),
            parley.getDuration("user-session.attachment-ttl"),
            parley.getDuration("user-session.presence-check-every"),
            settings.maxConnectionsPerUser(),
            backoff),
        new HubPresencePublisher(presenceHub),
        clock);
    FirstAccount.init(system, backoff, clock);
    AuditLog.init(system, parley.getInt("audit.snapshot-every"), backoff, clock);
    TokenService tokens =
        new TokenService(
            secret,
            new TokenSettings(
                parley.getString("auth.issuer"),
                parley.getDuration("auth.access-token-ttl"),
                parley.getDuration("auth.refresh-token-ttl"),
                settings.sessionMaxAge()),
            clock);
    Executor hashing = system.dispatchers().lookup(DispatcherSelector.fromConfig("parley.hashing-dispatcher"));
    RegistrationSetting registration =
        new RegistrationSetting(
            settings.registration(), new SettingStore(dataSource), hashing, parley.getDuration("auth.registration-cache"), System::nanoTime);
    AuthService auth =
        new AuthService(
            system,
            tokens,
            new PasswordHasher(settings.bcryptCost()),
            hashing,
            limits,
            askTimeout,
            new LoginThrottle(settings.loginThrottle(), System::nanoTime),
            new RegistrationPolicy(system, registration, settings.bootstrapAdmin(), dataSource, hashing, askTimeout),
            parley.getDuration("auth.reset-token-ttl"),
            clock);
    FileSettings fileSettings = settings.files();
    Attachment.init(system, backoff, clock);
    FileQuota.init(system, fileSettings.snapshotEvery(), backoff);
    FileService files =
        new FileService(
            system, fileSettings, fileStore(system, fileSettings), new FileLinks(secret, fileSettings.linkTtl(), clock), askTimeout, clock);
    ErasureSettings erasure = settings.erasure();
    JdbcMessageKeys messageKeys =
        new JdbcMessageKeys(
            dataSource,
            system.dispatchers().lookup(DispatcherSelector.fromConfig(ErasureSettings.DISPATCHER)),
            erasure);
    MessageErasure messageErasure = new MessageErasure(messageKeys, MessageErasure.viaSharding(system), files::removeAll);
    RetentionPolicies retentionPolicies = new RetentionPolicies(messageKeys, database.dialect());
    RetentionSweep.init(system, new RetentionSweep(retentionPolicies, messageErasure, clock), erasure.retentionSweepEvery());
    Entities entities =
        new Entities(
            system, askTimeout, parley.getDuration("channel.absent-ids-ttl"), parley.getInt("channel.absent-ids-max"));
    ChatService chat =
        new ChatService(
            system,
            askTimeout,
            entities,
            limits,
            new AdminService(
                system,
                entities,
                auth,
                registration,
                new AccountDirectory(dataSource),
                system.dispatchers().lookup(DispatcherSelector.fromConfig(SearchSettings.DISPATCHER)),
                askTimeout,
                messageErasure),
            files,
            retentionPolicies);
    Workspace.init(
        system,
        new Workspace.Settings(
            parley.getInt("workspace.snapshot-every"),
            parley.getInt("workspace.max-invites"),
            parley.getDuration("workspace.complete-channels-after"),
            backoff),
        Ids.generator('i'),
        chat::completeChannel,
        clock);
    Channel.init(
        system, ChannelSettings.from(config), new OpeningHistory(new JournalChannelHistory(system), messageKeys), messageKeys, clock);
    SearchSettings search = settings.search();
    SearchProjection.init(system, search, dataSource);
    AccountProjection.init(system, search, dataSource);
    system.systemActorOf(
        EntityCensus.create(
            List.of(
                Account.ENTITY_KEY, UserSession.ENTITY_KEY, Workspace.ENTITY_KEY, Channel.ENTITY_KEY, Attachment.ENTITY_KEY,
                FileQuota.ENTITY_KEY),
            parley.getDuration("metrics.entity-census-every")),
        "entity-census",
        Props.empty());
    WireFrames frames = new WireFrames(codec);
    ActorRef<ChannelHub.Command> hub =
        system.systemActorOf(ChannelHub.create(parley.getDuration("hub.renew-every"), frames), "channel-hub", Props.empty());

    ConnectionRegistry connections = new ConnectionRegistry();
    ClientAddress clientAddress = new ClientAddress(settings.trustedProxies());
    ConnectionSettings connectionSettings = ConnectionSettings.from(config);
    WebSocketEndpoint webSocket =
        new WebSocketEndpoint(
            system,
            new Connection.Dependencies(codec, tokens, chat, hub, presenceHub, frames, connections, connectionSettings, clock),
            settings.webSocketOrigins(),
            clientAddress,
            new SocketQuota(settings.socketLimits()));
    OpApi ops =
        new OpApi(
            tokens,
            chat,
            codec,
            new AttemptThrottle(
                connectionSettings.requestsPerSecond(),
                connectionSettings.requestBurst(),
                parley.getInt("http-api.users-tracked"),
                System::nanoTime));
    AdminApi admin =
        new AdminApi(
            system,
            codec,
            settings.adminToken(),
            parley.getDuration("admin.drain-delay"),
            new AttemptThrottle(
                1.0 / (parley.getDuration("admin.refill-every").toMillis() / 1000.0),
                parley.getInt("admin.failures"),
                parley.getInt("admin.tracked"),
                System::nanoTime),
            new OnlineBackup(dataSource, database.dialect() == Dialect.H2, settings.backupDir(), Clock.systemUTC()));
    NodeState.get(system).started(dataSource, connections, admin);
    drainOnShutdown(system, connections, connectionSettings.closeGrace());

    system.systemActorOf(MembershipLog.create(), "membership-log", Props.empty());
    CompletionStage<?> management = Management.start(system);
    ClusterFormation.join(system, settings.formation());
    CompletableFuture<Done> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(system.classicSystem()).registerOnMemberUp(() -> up.complete(Done.getInstance()));
    CompletionStage<ServerBinding> binding =
        Http.get(system)
            .newServerAt(settings.httpHost(), settings.httpPort())
            .bind(
                new HttpApi(
                        auth,
                        tokens,
                        new AttemptThrottle(
                            parley.getDouble("auth.attempts-per-minute") / 60,
                            parley.getInt("auth.attempts-burst"),
                            parley.getInt("auth.attempts-tracked"),
                            System::nanoTime),
                        clientAddress,
                        webSocket,
                        new SearchRoutes(
                            system,
                            tokens,
                            new MessageSearch(dataSource, database.dialect()),
                            search,
                            codec,
                            new AttemptThrottle(
                                parley.getDouble("search.queries-per-minute") / 60,
                                parley.getInt("search.queries-burst"),
                                parley.getInt("http-api.users-tracked"),
                                System::nanoTime),
                            askTimeout),
                        files,
                        new AttemptThrottle(
                            parley.getDouble("files.uploads-per-minute") / 60,
                            parley.getInt("files.uploads-burst"),
                            parley.getInt("http-api.users-tracked"),
                            System::nanoTime),
                        ops,
                        codec,
                        settings.webClient(),
                        settings.securityHeaders())
                    .route())
            .thenApply(b -> b.addToCoordinatedShutdown(parley.getDuration("connection.close-grace"), system));
    return binding
        .thenCombine(management, (b, m) -> b)
        .thenCombine(up, (b, u) -> b)
        .thenApply(
            b -> {
              int port = b.localAddress().getPort();
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
                  files.describeStore(),
                  settings.appVersion());
              return new Running(system, b, port);
            });
  }

  /** The store the settings name; an S3 client is closed when the node stops. */
  private static FileStore fileStore(ActorSystem<?> system, FileSettings settings) {
    if (!settings.store().equals(FileSettings.S3_STORE)) {
      return new LocalFileStore(settings.dir());
    }
    S3FileStore store = new S3FileStore(settings.s3());
    CoordinatedShutdown.get(system.classicSystem())
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-file-store",
            () -> {
              store.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return store;
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

  private static DatabaseSettings database(NodeSettings settings) {
    if (settings.embeddedDatabase()) {
      try {
        Files.createDirectories(settings.dataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the data directory " + settings.dataDir(), e);
      }
      return DatabaseSettings.embedded(settings.dataDir());
    }
    return DatabaseSettings.of(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize());
  }

  /** The configured secret, or the deployment's generated one, shared through the database. */
  private static byte[] tokenSecret(NodeSettings settings, HikariDataSource dataSource) {
    if (settings.tokenSecret().length > 0) {
      return settings.tokenSecret();
    }
    String stored;
    try {
      stored =
        new SettingStore(dataSource)
            .getOrCreate(
                TOKEN_SECRET_SETTING,
                () -> {
                  byte[] bytes = new byte[GENERATED_SECRET_BYTES];
                  new SecureRandom().nextBytes(bytes);
                  return Base64.getEncoder().encodeToString(bytes);
                });
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the token secret from the database: " + e.getMessage(), e);
    }
    return Base64.getDecoder().decode(stored);
  }

  private static Limits limits(Config c) {
    return new Limits(
        c.getInt("frame-bytes"),
        c.getInt("text-chars"),
        c.getInt("workspace-name-chars"),
        c.getInt("channel-name-chars"),
        c.getInt("username-min-chars"),
        c.getInt("username-max-chars"),
        c.getInt("password-min-chars"),
        c.getInt("password-max-chars"),
        c.getInt("display-name-chars"),
        c.getInt("topic-chars"),
        c.getInt("id-chars"),
        c.getInt("history-limit-max"),
        c.getInt("history-limit-default"),
        c.getInt("resume-channels-max"),
        c.getInt("emoji-chars"),
        c.getInt("dm-others-max"),
        c.getInt("signal-payload-bytes"));
  }

  /** The configuration of a production node: the JVM exits when the node shuts down. */
  public static Config productionOverrides() {
    return ConfigFactory.empty()
        .withValue("pekko.coordinated-shutdown.exit-jvm", ConfigValueFactory.fromAnyRef("on"));
  }
}
