package dev.parley.node.files;

import dev.parley.node.Outcome;
import dev.parley.node.SameThread;
import dev.parley.node.channel.Channel;
import dev.parley.node.session.UserSession;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** The files' way to the entities they ask: asks with the node's timeout, refusals as the contract's errors. */
final class FileEntities {
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  FileEntities(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  <T> CompletableFuture<Outcome<T>> attachment(String fileId, Function<ActorRef<Outcome<T>>, Attachment.Command> command) {
    return ask(sharding.entityRefFor(Attachment.ENTITY_KEY, fileId), command);
  }

  <T> CompletableFuture<Outcome<T>> quota(String userId, Function<ActorRef<Outcome<T>>, FileQuota.Command> command) {
    return ask(sharding.entityRefFor(FileQuota.ENTITY_KEY, userId), command);
  }

  <T> CompletableFuture<Outcome<T>> session(String userId, Function<ActorRef<Outcome<T>>, UserSession.Command> command) {
    return ask(sharding.entityRefFor(UserSession.ENTITY_KEY, userId), command);
  }

  <T> CompletableFuture<Outcome<T>> channel(String channelId, Function<ActorRef<Outcome<T>>, Channel.Command> command) {
    return ask(sharding.entityRefFor(Channel.ENTITY_KEY, channelId), command);
  }

  private <C, T> CompletableFuture<Outcome<T>> ask(EntityRef<C> entity, Function<ActorRef<Outcome<T>>, C> command) {
    return SameThread.of(entity.ask(command::apply, askTimeout));
  }

  /** Refuses a deactivated account: its access tokens outlive the deactivation by up to their lifetime. */
  CompletionStage<Object> requireActive(String userId) {
    return this.<UserSession.State>session(userId, UserSession.GetState::new)
        .thenApply(
            outcome -> {
              if (valueOf(outcome).suspended()) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "this account is deactivated");
              }
              return outcome;
            });
  }

  /** Only the channel's members upload to it and read its files; to anyone else it does not exist. */
  CompletionStage<Object> requireMember(String userId, String channelId) {
    return this.<Channel.Summary>channel(channelId, replyTo -> new Channel.GetSummary(userId, replyTo))
        .thenApply(
            outcome -> {
              if (outcome instanceof Outcome.Accepted<Channel.Summary> visible && visible.value().member()) {
                return visible.value();
              }
              if (outcome instanceof Outcome.Rejected<Channel.Summary> rejected && rejected.reason() == Outcome.Reason.UNAVAILABLE) {
                valueOf(outcome);
              }
              throw new ProtocolException(ErrorCode.NOT_FOUND, "no such channel");
            });
  }

  /** The value of an accepted outcome; a refusal becomes the contract's error. */
  static <T> T valueOf(Outcome<T> outcome) {
    if (outcome instanceof Outcome.Accepted<T> accepted) {
      return accepted.value();
    }
    Outcome.Rejected<T> rejected = (Outcome.Rejected<T>) outcome;
    ErrorCode code =
        switch (rejected.reason()) {
          case BAD_REQUEST -> ErrorCode.BAD_REQUEST;
          case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
          case FORBIDDEN -> ErrorCode.FORBIDDEN;
          case NOT_FOUND -> ErrorCode.NOT_FOUND;
          case CONFLICT -> ErrorCode.CONFLICT;
          case TOO_MANY -> ErrorCode.RATE_LIMITED;
          case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
        };
    throw new ProtocolException(code, rejected.message());
  }
}
