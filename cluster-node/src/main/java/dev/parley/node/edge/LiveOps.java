package dev.parley.node.edge;

import dev.parley.node.Acknowledged;
import dev.parley.node.channel.Channel;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.LiveRequest;
import dev.parley.protocol.MessageRequest;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/** What is about people being there: typing, read markers, presence, call signals. Nothing here is a channel event. */
final class LiveOps {
  private static final String UNKNOWN_PRESENCE = "offline";

  private final Entities entities;

  LiveOps(Entities entities) {
    this.entities = entities;
  }

  CompletionStage<Reply.Empty> typing(String userId, LiveRequest.Typing r) {
    return entities
        .<Acknowledged>askChannelAs(userId, r.channelId(), replyTo -> new Channel.Typing(userId, replyTo))
        .thenApply(done -> new Reply.Empty());
  }

  /** The Channel checks membership and clamps the seq (and tells a DM's members); the user's index keeps it. */
  CompletionStage<Reply.Empty> read(String userId, ActorRef<UserSession.Notice> origin, MessageRequest.Read r) {
    return entities
        .<Channel.ReadUpTo>askChannelAs(userId, r.channelId(), replyTo -> new Channel.MarkRead(userId, r.seq(), replyTo))
        .thenCompose(
            upTo ->
                entities.<Acknowledged>askSession(
                    userId, replyTo -> new UserSession.MarkRead(r.channelId(), upTo.seq(), origin, replyTo)))
        .thenApply(done -> new Reply.Empty());
  }

  CompletionStage<Reply.Empty> setPresence(String userId, LiveRequest.PresenceSet r) {
    return entities
        .<Acknowledged>askSession(userId, replyTo -> new UserSession.SetPresence(r.status(), replyTo))
        .thenApply(done -> new Reply.Empty());
  }

  /** Only to a user who shares a workspace with the caller: the target's session decides. */
  CompletionStage<Reply.Empty> signal(String userId, LiveRequest.CallSignal r) {
    String payload = r.payload() == null ? "null" : r.payload().toString();
    return entities
        .<UserSession.State>askSession(userId, UserSession.GetState::new)
        .thenCompose(
            state ->
                entities.<Acknowledged>askSession(
                    r.toUserId(),
                    replyTo ->
                        new UserSession.Signal(
                            userId, state.workspaces().keySet(), r.callId(), r.kind(), payload, replyTo)))
        .thenApply(done -> new Reply.Empty());
  }

  /** Members with their presence; a member whose session does not answer in time shows as offline. */
  CompletionStage<Reply.Members> members(String userId, String workspaceId) {
    return entities
        .<Workspace.Members>askWorkspace(workspaceId, replyTo -> new Workspace.GetMembers(userId, replyTo))
        .thenCompose(
            members -> {
              List<CompletableFuture<Views.Member>> views =
                  members.members().stream()
                      .map(
                          m ->
                              entities
                                  .<UserSession.Presence>askSession(m.userId(), UserSession.GetPresence::new)
                                  .thenApply(UserSession.Presence::status)
                                  .exceptionally(failure -> UNKNOWN_PRESENCE)
                                  .thenApply(presence -> WireMapping.member(m, presence))
                                  .toCompletableFuture())
                      .toList();
              return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
                  .thenApply(done -> new Reply.Members(views.stream().map(CompletableFuture::join).toList()));
            });
  }
}
