package dev.parley.node.edge;

import dev.parley.node.notify.Preferences;
import dev.parley.node.session.UserSession;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.NotifyRequest;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Views;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The caller's notification preferences ({@code notify.get}, {@code notify.set}). A channel's own
 * preference may be set only for a channel the caller is in, as their session knows it (anyone
 * else is told it does not exist); it is kept after they leave, and applies again if they return.
 */
final class NotifyOps {
  private final Entities entities;
  private final Preferences preferences;

  NotifyOps(Entities entities, Preferences preferences) {
    this.entities = entities;
    this.preferences = preferences;
  }

  CompletionStage<Reply.Notify> get(String userId) {
    return unavailableOnFailure(preferences.of(userId)).thenApply(NotifyOps::reply);
  }

  CompletionStage<Reply.Notify> set(String userId, NotifyRequest.NotifySet r) {
    CompletionStage<Boolean> allowed =
        r.channelId() == null
            ? CompletableFuture.completedFuture(true)
            : entities
                .<UserSession.State>askSession(userId, UserSession.GetState::new)
                .thenApply(state -> state.channels().containsKey(r.channelId()));
    return allowed
        .thenCompose(
            member -> {
              if (!member) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no such channel");
              }
              return unavailableOnFailure(
                  preferences.set(userId, r.channelId(), new Preferences.Preference(r.level(), r.muted())));
            })
        .thenApply(NotifyOps::reply);
  }

  private static Reply.Notify reply(Preferences.Choices choices) {
    return new Reply.Notify(
        choices.byDefault().level(),
        choices.byDefault().muted(),
        choices.channels().entrySet().stream()
            .map(e -> new Views.ChannelNotify(e.getKey(), e.getValue().level(), e.getValue().muted()))
            .toList());
  }

  private static <T> CompletionStage<T> unavailableOnFailure(CompletionStage<T> stage) {
    return stage.exceptionally(
        failure -> {
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
          if (cause instanceof SQLException) {
            throw new CompletionException(
                new ProtocolException(ErrorCode.UNAVAILABLE, "the database could not be reached; try again"));
          }
          throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        });
  }
}
