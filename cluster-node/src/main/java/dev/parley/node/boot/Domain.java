package dev.parley.node.boot;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.Ids;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.account.Account;
import dev.parley.node.account.FirstAccount;
import dev.parley.node.admin.AdminService;
import dev.parley.node.audit.AuditLog;
import dev.parley.node.auth.AuthService;
import dev.parley.node.auth.BotAuthenticator;
import dev.parley.node.auth.LoginThrottle;
import dev.parley.node.auth.PasswordHasher;
import dev.parley.node.auth.RegistrationPolicy;
import dev.parley.node.auth.RegistrationSetting;
import dev.parley.node.auth.TokenService;
import dev.parley.node.auth.TokenSettings;
import dev.parley.node.bots.BotStore;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelSettings;
import dev.parley.node.channel.JournalChannelHistory;
import dev.parley.node.channel.OpeningHistory;
import dev.parley.node.edge.ChatService;
import dev.parley.node.edge.Entities;
import dev.parley.node.erasure.ErasureSettings;
import dev.parley.node.erasure.JdbcMessageKeys;
import dev.parley.node.erasure.KeyHandOff;
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
import dev.parley.node.hooks.HookStore;
import dev.parley.node.management.EntityCensus;
import dev.parley.node.notify.AccountMail;
import dev.parley.node.notify.EmailAddresses;
import dev.parley.node.notify.Notifier;
import dev.parley.node.notify.NotifySettings;
import dev.parley.node.subscriptions.ReceiverPolicy;
import dev.parley.node.subscriptions.SubscriptionDispatcher;
import dev.parley.node.subscriptions.SubscriptionSettings;
import dev.parley.node.subscriptions.SubscriptionStore;
import dev.parley.node.notify.Preferences;
import dev.parley.node.notify.UnsubscribeLinks;
import dev.parley.node.read.directory.AccountDirectory;
import dev.parley.node.read.directory.AccountProjection;
import dev.parley.node.read.search.SearchProjection;
import dev.parley.node.read.search.SearchSettings;
import dev.parley.node.session.HubPresencePublisher;
import dev.parley.node.session.PresenceHub;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.persistence.Dialect;
import dev.parley.persistence.SettingStore;
import dev.parley.protocol.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;

/**
 * The node's entities (sharded and persistent), the read side that follows their journal, and the
 * services the transports call, started in the order they need each other.
 */
record Domain(
    TokenService tokens,
    BotAuthenticator bots,
    AuthService auth,
    ChatService chat,
    FileService files,
    ActorRef<PresenceHub.Command> presenceHub,
    Preferences preferences,
    UnsubscribeLinks unsubscribeLinks) {

  static Domain start(
      ActorSystem<?> system,
      NodeSettings settings,
      Config config,
      Limits limits,
      byte[] secret,
      Dialect dialect,
      HikariDataSource dataSource,
      Clock clock) {
    Config parley = config.getConfig("parley");
    Duration askTimeout = parley.getDuration("ask-timeout");
    PersistFailureBackoff backoff = PersistFailureBackoff.from(config);

    Account.init(
        system,
        new Account.Settings(
            parley.getInt("account.snapshot-every"),
            parley.getInt("auth.max-refresh-tokens-per-user"),
            parley.getDuration("auth.refresh-reuse-grace"),
            backoff),
        clock);
    ActorRef<PresenceHub.Command> presenceHub = system.systemActorOf(PresenceHub.create(parley.getDuration("presence.batch-window")), "presence-hub", Props.empty());
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
            KeyHandOff.forJournalOf(system.classicSystem()));
    MessageErasure messageErasure = new MessageErasure(messageKeys, MessageErasure.viaSharding(system), files::removeAll);
    RetentionPolicies retentionPolicies = new RetentionPolicies(messageKeys, dialect);
    RetentionSweep.init(system, new RetentionSweep(retentionPolicies, messageErasure, clock), erasure.retentionSweepEvery());
    Executor notifyBlocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(NotifySettings.DISPATCHER));
    Preferences preferences = new Preferences(dataSource, notifyBlocking);
    UnsubscribeLinks unsubscribeLinks = new UnsubscribeLinks(secret);
    BotStore botStore = new BotStore(dataSource, system.dispatchers().lookup(DispatcherSelector.fromConfig(SearchSettings.DISPATCHER)));
    Executor subscriptionBlocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(SubscriptionSettings.DISPATCHER));
    ReceiverPolicy receiverPolicy = new ReceiverPolicy(settings.subscriptions(), subscriptionBlocking);
    Entities entities =
        new Entities(system, askTimeout, parley.getDuration("channel.absent-ids-ttl"), parley.getInt("channel.absent-ids-max"));
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
                messageErasure,
                new EmailAddresses(dataSource, notifyBlocking)),
            files,
            retentionPolicies,
            new HookStore(dataSource, system.dispatchers().lookup(DispatcherSelector.fromConfig(SearchSettings.DISPATCHER))),
            settings.publicUrl(),
            preferences,
            botStore,
            new SubscriptionStore(dataSource, subscriptionBlocking),
            receiverPolicy);
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
    SearchProjection.init(system, settings.search(), dataSource);
    AccountProjection.init(system, settings.search(), dataSource);
    Notifier.init(system, settings.notifications(), dataSource, unsubscribeLinks, askTimeout);
    SubscriptionDispatcher.init(
        system,
        settings.subscriptions(),
        dataSource,
        receiverPolicy,
        new AccountMail(settings.notifications(), dataSource, notifyBlocking),
        askTimeout);
    system.systemActorOf(
        EntityCensus.create(
            List.of(
                Account.ENTITY_KEY, UserSession.ENTITY_KEY, Workspace.ENTITY_KEY, Channel.ENTITY_KEY, Attachment.ENTITY_KEY,
                FileQuota.ENTITY_KEY),
            parley.getDuration("metrics.entity-census-every")),
        "entity-census",
        Props.empty());
    return new Domain(tokens, new BotAuthenticator(botStore), auth, chat, files, presenceHub, preferences, unsubscribeLinks);
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
}
