package dev.parley.node.edge;

import dev.parley.node.Acknowledged;
import dev.parley.node.Ids;
import dev.parley.node.bots.BotSecret;
import dev.parley.node.bots.BotStore;
import dev.parley.node.bots.StoredBot;
import dev.parley.node.bots.StoredBotToken;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.BotRequest;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import dev.parley.protocol.WorkspaceRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bot accounts and their API tokens ({@code bot.*}), for the owners and admins of a workspace. A
 * bot is a member of its workspace, joined through a one-use invite its creator issues, so that the
 * Workspace entity decides its membership as it does anyone's; the bot itself and its tokens are
 * rows of {@link BotStore}. Secrets reach neither logs, errors nor the audit log: a token is named
 * by its id.
 */
final class BotOps {
  private static final Logger log = LoggerFactory.getLogger(BotOps.class);
  private static final String NO_SUCH_BOT = "no such bot";
  private static final String NO_SUCH_WORKSPACE = "no such workspace";
  /** Token ids: 'k' and 20 random base32 characters, as other ids. */
  private static final char TOKEN_ID_PREFIX = 'k';
  /** The invite a new bot joins by is spent at once; it need not outlive the creation. */
  private static final Duration JOIN_INVITE_TTL = Duration.ofMinutes(1);

  private final Entities entities;
  private final OwnerAudit audit;
  private final BotStore store;
  private final WorkspaceAdminOps workspaceAdmin;
  private final Clock clock;

  /** {@code workspaceAdmin}: removes a removed bot from its workspace, as {@code workspace.remove} does a member. */
  BotOps(Entities entities, OwnerAudit audit, BotStore store, WorkspaceAdminOps workspaceAdmin, Clock clock) {
    this.entities = entities;
    this.audit = audit;
    this.store = store;
    this.workspaceAdmin = workspaceAdmin;
    this.clock = clock;
  }

  boolean serves(Request request) {
    return request instanceof BotRequest;
  }

  CompletionStage<?> handle(String userId, Request request) {
    BotRequest bot = (BotRequest) request;
    return requireManager(userId, bot.workspaceId(), bot.op()).thenCompose(summary -> run(userId, bot));
  }

  private CompletionStage<?> run(String userId, BotRequest request) {
    if (request instanceof BotRequest.BotCreate r) {
      return create(userId, r);
    } else if (request instanceof BotRequest.BotList r) {
      return store.live(r.workspaceId()).thenApply(bots -> new Reply.Bots(bots.stream().map(BotOps::view).toList()));
    } else if (request instanceof BotRequest.BotRemove r) {
      return remove(userId, r);
    } else if (request instanceof BotRequest.BotTokenCreate r) {
      return createToken(userId, r);
    } else if (request instanceof BotRequest.BotTokenList r) {
      return liveBot(r.workspaceId(), r.botId())
          .thenCompose(bot -> store.liveTokens(bot.botId()))
          .thenApply(tokens -> new Reply.BotTokens(tokens.stream().map(token -> view(token, null)).toList()));
    }
    return revokeToken(userId, (BotRequest.BotTokenRevoke) request);
  }

  /**
   * Stores the bot, makes it a member of the workspace, then records it in the audit log. Not
   * idempotent: a retry after a lost answer finds the name taken, and the bot made is listed.
   */
  private CompletionStage<Reply.BotCreated> create(String userId, BotRequest.BotCreate r) {
    StoredBot bot = new StoredBot(Ids.bot(), r.workspaceId(), r.name(), userId, clock.millis());
    return entities
        .<Workspace.Members>askWorkspace(r.workspaceId(), replyTo -> new Workspace.GetMembers(userId, replyTo))
        .thenCompose(
            members -> {
              if (members.members().stream().anyMatch(member -> member.username().equals(r.name()))) {
                throw new ProtocolException(ErrorCode.CONFLICT, "a member of the workspace has that name");
              }
              return store.insert(bot);
            })
        .thenCompose(
            stored -> {
              if (!stored) {
                throw new ProtocolException(ErrorCode.CONFLICT, "the workspace has a bot of that name");
              }
              return join(userId, bot);
            })
        .thenCompose(done -> audit.record(userId, r.op(), bot.botId(), "workspace " + bot.workspaceId() + ", bot " + bot.name()))
        .thenApply(
            done -> {
              log.info("Bot {} created in workspace {} by user {}", bot.botId(), bot.workspaceId(), userId);
              return new Reply.BotCreated(view(bot));
            });
  }

  /** The bot joins its workspace as a member, by an invite of its creator's that one join spends. */
  private CompletionStage<Acknowledged> join(String userId, StoredBot bot) {
    return entities
        .<Workspace.Invite>askWorkspace(
            bot.workspaceId(), replyTo -> new Workspace.IssueInvite(userId, JOIN_INVITE_TTL.toMillis(), 1, replyTo))
        .thenCompose(
            invite ->
                entities.<Workspace.Summary>askWorkspace(
                    bot.workspaceId(),
                    replyTo -> new Workspace.Join(Workspace.splitInviteCode(invite.code())[1], bot.botId(), bot.name(), replyTo)))
        .thenCompose(
            summary ->
                entities.askSession(
                    bot.botId(), replyTo -> new UserSession.RecordWorkspace(summary.workspaceId(), summary.name(), summary.role(), replyTo)));
  }

  /** The bot's tokens stop working, its sockets close, and it leaves the workspace and its channels. */
  private CompletionStage<Reply.Empty> remove(String userId, BotRequest.BotRemove r) {
    return store
        .remove(r.workspaceId(), r.botId(), clock.millis())
        .thenCompose(
            removed -> {
              if (!removed) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_BOT);
              }
              return signOut(r.botId());
            })
        .thenCompose(
            done -> workspaceAdmin.handle(userId, new WorkspaceRequest.WorkspaceMemberAction("workspace.remove", r.workspaceId(), r.botId())))
        .thenCompose(done -> audit.record(userId, r.op(), r.botId(), "workspace " + r.workspaceId()))
        .thenApply(
            done -> {
              log.info("Bot {} of workspace {} removed by user {}", r.botId(), r.workspaceId(), userId);
              return new Reply.Empty();
            });
  }

  private CompletionStage<Reply.BotTokenCreated> createToken(String userId, BotRequest.BotTokenCreate r) {
    String secret = BotSecret.generate();
    return liveBot(r.workspaceId(), r.botId())
        .thenCompose(
            bot ->
                store.insertToken(
                    new StoredBotToken(Ids.random(TOKEN_ID_PREFIX), bot.botId(), r.label(), clock.millis()), BotSecret.hash(secret)))
        .thenCompose(
            token ->
                audit
                    .record(userId, r.op(), r.botId(), "workspace " + r.workspaceId() + ", token " + token.tokenId())
                    .thenApply(done -> token))
        .thenApply(
            token -> {
              log.info("Token {} of bot {} created by user {}", token.tokenId(), token.botId(), userId);
              return new Reply.BotTokenCreated(view(token, secret));
            });
  }

  /** The token stops working at once; the bot's live sockets close (those of its other tokens reconnect). */
  private CompletionStage<Reply.Empty> revokeToken(String userId, BotRequest.BotTokenRevoke r) {
    return liveBot(r.workspaceId(), r.botId())
        .thenCompose(bot -> store.revokeToken(bot.botId(), r.tokenId(), clock.millis()))
        .thenCompose(
            revoked -> {
              if (!revoked) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no such token");
              }
              return signOut(r.botId());
            })
        .thenCompose(done -> audit.record(userId, r.op(), r.botId(), "workspace " + r.workspaceId() + ", token " + r.tokenId()))
        .thenApply(
            done -> {
              log.info("Token {} of bot {} revoked by user {}", r.tokenId(), r.botId(), userId);
              return new Reply.Empty();
            });
  }

  /** Closes the bot's live sockets on every node, through its session as a sign-out does a user's. */
  private CompletionStage<Acknowledged> signOut(String botId) {
    return entities.askSession(botId, replyTo -> new UserSession.SignOut(null, replyTo));
  }

  private CompletionStage<StoredBot> liveBot(String workspaceId, String botId) {
    return store
        .liveBot(workspaceId, botId)
        .thenApply(found -> found.orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_BOT)));
  }

  /** The caller's summary of the workspace if an owner or admin: {@code forbidden} for its other members, {@code not_found} for anyone else. */
  private CompletionStage<Workspace.Summary> requireManager(String userId, String workspaceId, String op) {
    return entities
        .requireMember(workspaceId, userId, NO_SUCH_WORKSPACE)
        .thenApply(
            member -> {
              if (!member.role().canModerate()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only workspace owners and admins may " + op);
              }
              return member;
            });
  }

  private static Views.Bot view(StoredBot bot) {
    return new Views.Bot(bot.botId(), bot.workspaceId(), bot.name(), bot.createdBy(), bot.createdAt());
  }

  private static Views.BotToken view(StoredBotToken token, String secret) {
    return new Views.BotToken(token.tokenId(), token.label(), token.createdAt(), secret);
  }
}
