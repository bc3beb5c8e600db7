package dev.parley.node.edge;

import dev.parley.node.Acknowledged;
import dev.parley.node.Ids;
import dev.parley.node.Rejections;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.ChannelCompleter;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ChannelRequest;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Creating, joining, leaving and adding to channels, their topics, and DMs: the Channel (and for a
 * new name, the Workspace) decides, then the index of each user concerned records the channel.
 */
final class ChannelOps {
  private final Entities entities;
  private final Limits limits;

  ChannelOps(Entities entities, Limits limits) {
    this.entities = entities;
    this.limits = limits;
  }

  /**
   * Reserves the name, creates the channel with its creator in it, records it in the creator's
   * session and completes the reservation. Should this stop half way, the Workspace finishes it
   * ({@link #complete}); a retry by the client is refused as a taken name.
   */
  CompletionStage<Reply.ChannelOk> create(String userId, ChannelRequest.ChannelCreate r) {
    ChannelKind kind = Boolean.TRUE.equals(r.isPrivate()) ? ChannelKind.PRIVATE : ChannelKind.PUBLIC;
    String proposedId = Ids.channel();
    return entities
        .<Workspace.ChannelEntry>askWorkspace(
            r.workspaceId(),
            replyTo -> new Workspace.RegisterChannel(userId, proposedId, r.name(), kind, r.topic(), replyTo))
        .thenCompose(entry -> createChannel(r.workspaceId(), entry, r.topic()))
        .thenCompose(
            summary ->
                entities
                    .<Acknowledged>askWorkspace(
                        r.workspaceId(), replyTo -> new Workspace.CompleteChannel(summary.channelId(), replyTo))
                    .thenApply(done -> new Reply.ChannelOk(WireMapping.channel(summary, 0, 0))));
  }

  /** The steps after the name's reservation, for a creation its requester left half done. */
  CompletionStage<ChannelCompleter.Result> complete(String workspaceId, Workspace.PendingChannel pending) {
    return createChannel(workspaceId, pending.entry(), pending.topic())
        .thenApply(summary -> ChannelCompleter.Result.COMPLETED)
        .exceptionally(
            failure -> {
              ProtocolException error = Rejections.toProtocol(failure);
              if (error.code() == ErrorCode.CONFLICT) {
                return ChannelCompleter.Result.IMPOSSIBLE;
              }
              throw error;
            });
  }

  private CompletionStage<Channel.Summary> createChannel(String workspaceId, Workspace.ChannelEntry entry, String topic) {
    String creatorId = entry.createdBy();
    return entities
        .<Channel.Summary>createChannel(
            entry.channelId(),
            replyTo ->
                new Channel.Create(workspaceId, entry.name(), entry.kind(), topic, creatorId, List.of(creatorId), replyTo))
        .thenCompose(summary -> recordChannel(creatorId, summary, 1));
  }

  CompletionStage<Reply.ChannelOk> join(String userId, ChannelRequest.ChannelJoin r) {
    return visibleChannel(userId, r.channelId())
        .thenCompose(summary -> entities.<Channel.Joined>askChannel(r.channelId(), replyTo -> new Channel.Join(userId, replyTo)))
        .thenCompose(joined -> recordChannel(userId, joined.channel(), joined.seq()))
        .thenApply(summary -> new Reply.ChannelOk(WireMapping.channel(summary, 0, 0)));
  }

  CompletionStage<Reply.Seq> topic(String userId, ChannelRequest.ChannelTopic r) {
    return entities
        .<Channel.Written>askChannelAs(userId, r.channelId(), replyTo -> new Channel.SetTopic(userId, r.topic(), replyTo))
        .thenApply(written -> new Reply.Seq(written.seq()));
  }

  /** The channel, if the user may see it: outsiders of its workspace must not learn it exists. */
  private CompletionStage<Channel.Summary> visibleChannel(String userId, String channelId) {
    return entities
        .<Channel.Summary>askChannel(channelId, replyTo -> new Channel.GetSummary(userId, replyTo))
        .thenCompose(
            summary ->
                entities.requireMember(summary.workspaceId(), userId, "no such channel").thenApply(member -> summary));
  }

  /** Leaving a public channel one is not in is ok, but only for those who may see it. */
  CompletionStage<Reply.Empty> leave(String userId, ChannelRequest.ChannelLeave r) {
    return visibleChannel(userId, r.channelId())
        .thenCompose(summary -> entities.<Channel.Left>askChannel(r.channelId(), replyTo -> new Channel.Leave(userId, replyTo)))
        .thenCompose(
            left -> entities.<Acknowledged>askSession(userId, replyTo -> new UserSession.ForgetChannel(r.channelId(), replyTo)))
        .thenApply(done -> new Reply.Empty());
  }

  /** A member adds a member of the workspace; the added user's connections hear {@code channel.added}. */
  CompletionStage<Reply.Empty> add(String userId, ChannelRequest.ChannelAdd r) {
    return visibleChannel(userId, r.channelId())
        .thenCompose(summary -> entities.requireMember(summary.workspaceId(), r.userId(), "no such user in this workspace"))
        .thenCompose(
            summary -> entities.<Channel.Joined>askChannel(r.channelId(), replyTo -> new Channel.Add(userId, r.userId(), replyTo)))
        .thenCompose(joined -> recordChannel(r.userId(), joined.channel(), joined.seq()))
        .thenApply(summary -> new Reply.Empty());
  }

  /**
   * The DM of the caller and {@code userIds}: its id follows from the workspace and the set of
   * users, so every open of the same set finds the same channel. Each member's index records it.
   */
  CompletionStage<Reply.ChannelOk> openDm(String userId, ChannelRequest.DmOpen r) {
    TreeSet<String> everyone = new TreeSet<>(r.userIds());
    everyone.remove(userId);
    limits.dmOthersCount(everyone.size());
    everyone.add(userId);
    List<String> memberIds = List.copyOf(everyone);
    String channelId = Ids.dm(r.workspaceId(), memberIds);
    return entities
        .<Workspace.Members>askWorkspace(r.workspaceId(), replyTo -> new Workspace.GetMembers(userId, replyTo))
        .thenCompose(
            members -> {
              Map<String, String> usernames =
                  members.members().stream().collect(Collectors.toMap(Workspace.Member::userId, Workspace.Member::username));
              if (!usernames.keySet().containsAll(memberIds)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no such user in this workspace");
              }
              String name = memberIds.stream().map(usernames::get).sorted().collect(Collectors.joining(","));
              return entities.<Channel.Summary>createChannel(
                  channelId,
                  replyTo -> new Channel.Create(r.workspaceId(), name, ChannelKind.DM, "", userId, memberIds, replyTo));
            })
        .thenCompose(
            summary -> {
              List<CompletableFuture<Channel.Summary>> records = new ArrayList<>();
              for (int i = 0; i < memberIds.size(); i++) {
                records.add(recordChannel(memberIds.get(i), summary, i + 1).toCompletableFuture());
              }
              return CompletableFuture.allOf(records.toArray(CompletableFuture[]::new)).thenApply(done -> summary);
            })
        .thenApply(summary -> new Reply.ChannelOk(WireMapping.channel(summary, 0, 0)));
  }

  private CompletionStage<Channel.Summary> recordChannel(String userId, Channel.Summary summary, long joinedSeq) {
    return entities
        .<Acknowledged>askSession(
            userId, replyTo -> new UserSession.RecordChannel(WireMapping.membership(summary), joinedSeq, replyTo))
        .thenApply(done -> summary);
  }
}
