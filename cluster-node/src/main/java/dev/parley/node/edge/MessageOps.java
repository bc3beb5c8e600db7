package dev.parley.node.edge;

import dev.parley.node.Outcome;
import dev.parley.node.Rejections;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.files.FileService;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.MessageRequest;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;

/** Posting, editing, deleting, reacting, and reading a channel's log or a thread. */
final class MessageOps {
  private final Entities entities;
  private final FileService files;

  MessageOps(Entities entities, FileService files) {
    this.entities = entities;
    this.files = files;
  }

  /**
   * Resolves {@code @username}s to the ids of workspace members first (only when the text has an
   * {@code @}: most posts cost one ask), and claims the post's files (one ask each, only for posts
   * with files), then counts an unread mention for each named member.
   */
  CompletionStage<Reply.Posted> post(String userId, MessageRequest.MessagePost r) {
    List<String> names = Mentions.usernamesIn(r.text());
    CompletionStage<List<String>> mentions =
        names.isEmpty() ? CompletableFuture.completedFuture(List.of()) : resolve(userId, r.channelId(), names);
    CompletionStage<List<ChannelEvent.PostedFile>> attached =
        files.claim(userId, r.channelId(), r.clientMsgId(), r.files() == null ? List.of() : r.files());
    return mentions
        .thenCombine(
            attached,
            (ids, posted) ->
                (Function<ActorRef<Outcome<Channel.Posted>>, Channel.Command>)
                    replyTo -> new Channel.Post(userId, r.clientMsgId(), r.text(), r.threadSeq(), ids, posted, null, replyTo))
        .thenCompose(post -> entities.askChannelAs(userId, r.channelId(), post))
        .thenApply(
            posted -> {
              for (String member : posted.mentionedMembers()) {
                entities.session(member).tell(new UserSession.RecordMention(r.channelId(), posted.seq()));
              }
              return new Reply.Posted(posted.seq(), posted.ts(), posted.duplicate() ? Boolean.TRUE : null);
            });
  }

  private CompletionStage<List<String>> resolve(String userId, String channelId, List<String> names) {
    return entities
        .<Channel.Summary>askChannel(channelId, replyTo -> new Channel.GetSummary(userId, replyTo))
        .thenCompose(
            summary ->
                entities.<Workspace.Members>askWorkspace(
                    summary.workspaceId(), replyTo -> new Workspace.GetMembers(userId, replyTo)))
        .thenApply(
            members -> {
              Map<String, String> idsByName =
                  members.members().stream().collect(Collectors.toMap(Workspace.Member::username, Workspace.Member::userId));
              return Mentions.resolve(names, idsByName);
            });
  }

  CompletionStage<Reply.Seq> edit(String userId, MessageRequest.MessageEdit r) {
    return entities
        .<Channel.Written>askChannelAs(userId, r.channelId(), replyTo -> new Channel.Edit(userId, r.seq(), r.text(), replyTo))
        .thenApply(written -> new Reply.Seq(written.seq()));
  }

  /**
   * As the author first; only when refused is the caller's role looked up, to delete as a
   * moderator (and to tell someone outside the workspace that the channel does not exist).
   */
  CompletionStage<Reply.Seq> delete(String userId, MessageRequest.MessageDelete r) {
    return entities
        .<Channel.Written>channelOutcome(r.channelId(), replyTo -> new Channel.Delete(userId, r.seq(), false, replyTo))
        .thenCompose(
            outcome -> {
              if (outcome instanceof Outcome.Rejected<Channel.Written> rejected
                  && rejected.reason() == Outcome.Reason.FORBIDDEN) {
                return deleteAsModerator(userId, r, rejected);
              }
              return CompletableFuture.completedFuture(Rejections.valueOf(outcome));
            })
        .thenCompose(written -> files.removeAll(r.channelId(), r.seq(), written.files()).thenApply(removed -> written))
        .thenApply(written -> new Reply.Seq(written.seq()));
  }

  private CompletionStage<Channel.Written> deleteAsModerator(
      String userId, MessageRequest.MessageDelete r, Outcome.Rejected<Channel.Written> refusal) {
    return entities
        .<Channel.Summary>askChannel(r.channelId(), replyTo -> new Channel.GetSummary(userId, replyTo))
        .thenCompose(summary -> entities.membership(summary.workspaceId(), userId))
        .thenCompose(
            membership -> {
              if (membership instanceof Outcome.Accepted<Workspace.Summary> member && member.value().role().canModerate()) {
                return entities.<Channel.Written>askChannel(
                    r.channelId(), replyTo -> new Channel.Delete(userId, r.seq(), true, replyTo));
              }
              if (membership instanceof Outcome.Accepted<Workspace.Summary>) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, refusal.message());
              }
              throw new ProtocolException(ErrorCode.NOT_FOUND, "no such channel");
            });
  }

  CompletionStage<Reply.Seq> react(String userId, String channelId, long seq, String emoji, boolean add) {
    return entities
        .<Channel.Written>askChannelAs(userId, channelId, replyTo -> new Channel.React(userId, seq, emoji, add, replyTo))
        .thenApply(written -> new Reply.Seq(written.seq()));
  }

  CompletionStage<Reply.History> history(String userId, MessageRequest.History r) {
    long after = r.after() == null ? -1 : r.after();
    long before = r.before() == null ? -1 : r.before();
    return entities
        .<Channel.EventsPage>askChannelAs(
            userId, r.channelId(), replyTo -> new Channel.ReadEvents(userId, after, before, r.limit(), replyTo))
        .thenApply(page -> historyOf(r.channelId(), page));
  }

  CompletionStage<Reply.History> thread(String userId, MessageRequest.Thread r) {
    long after = r.after() == null ? 0 : r.after();
    return entities
        .<Channel.EventsPage>askChannelAs(
            userId, r.channelId(), replyTo -> new Channel.ReadThread(userId, r.seq(), after, r.limit(), replyTo))
        .thenApply(page -> historyOf(r.channelId(), page));
  }

  private static Reply.History historyOf(String channelId, Channel.EventsPage page) {
    return new Reply.History(
        page.events().stream().map(e -> WireMapping.historyEntry(channelId, e)).toList(), page.hasMore());
  }
}
