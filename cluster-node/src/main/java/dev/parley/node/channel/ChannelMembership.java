package dev.parley.node.channel;

import static dev.parley.node.channel.ChannelRefusals.notFound;
import static dev.parley.node.channel.ChannelRefusals.refuseNonMember;

import dev.parley.node.Outcome;
import dev.parley.node.channel.Channel.Add;
import dev.parley.node.channel.Channel.Create;
import dev.parley.node.channel.Channel.Join;
import dev.parley.node.channel.Channel.Joined;
import dev.parley.node.channel.Channel.Leave;
import dev.parley.node.channel.Channel.Left;
import dev.parley.node.channel.Channel.SetTopic;
import dev.parley.node.channel.Channel.Written;
import dev.parley.node.channel.ChannelState.Active;
import dev.parley.node.channel.ChannelState.Empty;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A {@link Channel}'s creation and its members' own commands about the channel: joining, adding
 * another user, leaving, setting the topic. What a workspace's owners and admins do is in {@link
 * ChannelAdministration}.
 */
final class ChannelMembership {
  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final LogWrites writes;
  private final HubSubscribers hubs;
  private final String channelId;
  private final Clock clock;

  ChannelMembership(
      EffectFactories<ChannelEvent, ChannelState> effect, LogWrites writes, HubSubscribers hubs, String channelId, Clock clock) {
    this.effect = effect;
    this.writes = writes;
    this.hubs = hubs;
    this.channelId = channelId;
    this.clock = clock;
  }

  ReplyEffect<ChannelEvent, ChannelState> create(Empty state, Create c) {
    long now = clock.millis();
    List<ChannelEvent> events = new ArrayList<>();
    events.add(new ChannelEvent.Created(channelId, c.workspaceId(), c.name(), c.kind(), c.topic(), c.creatorId(), now));
    List<ChannelEvent.MemberJoined> joins = new ArrayList<>();
    for (String memberId : c.memberIds()) {
      joins.add(new ChannelEvent.MemberJoined(joins.size() + 1, memberId, now));
    }
    events.addAll(joins);
    return writes
        .journalWrite(events)
        .thenRun(next -> joins.forEach(hubs::publish))
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.creatorId())));
  }

  /**
   * A retried create (the caller did not get the first answer) is answered like the first one; so
   * is opening an existing DM, by any of its members.
   */
  ReplyEffect<ChannelEvent, ChannelState> createAgain(Active state, Create c) {
    ChannelEvent.Created info = state.info();
    boolean sameRequest =
        info.workspaceId().equals(c.workspaceId())
            && info.kind() == c.kind()
            && (state.isDm()
                ? state.members().keySet().equals(Set.copyOf(c.memberIds()))
                : info.name().equals(c.name()) && info.createdBy().equals(c.creatorId()));
    if (!sameRequest) {
      return effect.reply(c.replyTo(), Outcome.conflict("channel id already in use"));
    }
    return effect.reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.creatorId())));
  }

  ReplyEffect<ChannelEvent, ChannelState> join(Active state, Join c) {
    if (state.isMember(c.userId())) {
      return effect.reply(c.replyTo(), Outcome.accepted(alreadyJoined(state, c.userId())));
    }
    if (!state.isPublic()) {
      return effect.reply(c.replyTo(), notFound());
    }
    return persistJoin(state, c.userId(), null, c.replyTo());
  }

  ReplyEffect<ChannelEvent, ChannelState> add(Active state, Add c) {
    Outcome<Joined> refusal = refuseNonMember(state, c.byUserId(), "join the channel to add members");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    if (state.isDm()) {
      return effect.reply(c.replyTo(), Outcome.forbidden("a DM's members are fixed; open a DM with everyone instead"));
    }
    if (state.isMember(c.userId())) {
      return effect.reply(c.replyTo(), Outcome.accepted(alreadyJoined(state, c.userId())));
    }
    return persistJoin(state, c.userId(), c.byUserId(), c.replyTo());
  }

  private static Joined alreadyJoined(Active state, String userId) {
    return new Joined(state.summaryFor(userId), state.members().get(userId), false);
  }

  private ReplyEffect<ChannelEvent, ChannelState> persistJoin(
      Active state, String userId, String addedBy, ActorRef<Outcome<Joined>> replyTo) {
    ChannelEvent.MemberJoined joined = new ChannelEvent.MemberJoined(state.lastSeq() + 1, userId, clock.millis(), addedBy);
    return writes
        .journalWrite(joined)
        .thenRun(next -> hubs.publish(joined))
        .thenReply(replyTo, next -> Outcome.accepted(new Joined(((Active) next).summaryFor(userId), joined.seq(), true)));
  }

  ReplyEffect<ChannelEvent, ChannelState> leave(Active state, Leave c) {
    if (!state.isMember(c.userId())) {
      return effect.reply(c.replyTo(), state.isPublic() ? Outcome.accepted(new Left(state.lastSeq())) : notFound());
    }
    if (state.isDm()) {
      return effect.reply(c.replyTo(), Outcome.forbidden("a DM cannot be left"));
    }
    ChannelEvent.MemberLeft left = new ChannelEvent.MemberLeft(state.lastSeq() + 1, c.userId(), clock.millis());
    return writes
        .journalWrite(left)
        .thenRun(next -> hubs.publish(left))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Left(left.seq())));
  }

  ReplyEffect<ChannelEvent, ChannelState> setTopic(Active state, SetTopic c) {
    Outcome<Written> refusal = refuseNonMember(state, c.userId(), "join the channel to set its topic");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    return writes.persistWrite(new ChannelEvent.TopicChanged(state.lastSeq() + 1, c.topic(), c.userId(), clock.millis()), c.replyTo());
  }
}
