package dev.parley.node.channel;

import dev.parley.node.Outcome;
import dev.parley.node.channel.ChannelState.Active;
import dev.parley.node.telemetry.Metrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Posts to one channel decided together, so they can be persisted in one journal write. A channel
 * writes its log one write at a time; without batching a busy channel could take no more posts per
 * second than the journal has round trips, however many posts were waiting (docs/stack.md: ~2.4k/s on
 * PostgreSQL). The posts of a batch are decided in arrival order, each as if the ones before it
 * were already in the log: a retry of a post in the same batch is answered as a duplicate.
 */
final class PostBatch {

  /** A post waiting for the write in flight; {@code root} is its thread's root, when it has one. */
  record Pending(Channel.Post post, ChannelEvent.MessagePosted root, long arrivedNanos) {}

  /** The answer to one post, sent once the batch's events are durable; {@code written}: it made an event. */
  private record Answer(
      ActorRef<Outcome<Channel.Posted>> replyTo, Outcome<Channel.Posted> outcome, boolean written, long arrivedNanos) {}

  private final List<ChannelEvent.MessagePosted> posts;
  private final List<ChannelEvent.MessagePosted> opened;
  private final List<MessageKey> keys;
  private final List<Answer> answers;

  private PostBatch(
      List<ChannelEvent.MessagePosted> posts, List<ChannelEvent.MessagePosted> opened, List<MessageKey> keys, List<Answer> answers) {
    this.posts = posts;
    this.opened = opened;
    this.keys = keys;
    this.answers = answers;
  }

  /**
   * The batch's events in their journal form, text sealed (empty when every post was refused or
   * repeats an earlier one), in seq order.
   */
  List<ChannelEvent.MessagePosted> posts() {
    return posts;
  }

  /** The same posts as members get them. */
  List<ChannelEvent.MessagePosted> opened() {
    return opened;
  }

  /** One new key per post, written with the posts. */
  List<MessageKey> keys() {
    return keys;
  }

  static PostBatch decide(Active state, List<Pending> pending, long now) {
    List<ChannelEvent.MessagePosted> posts = new ArrayList<>();
    List<ChannelEvent.MessagePosted> opened = new ArrayList<>();
    List<MessageKey> keys = new ArrayList<>();
    List<Answer> answers = new ArrayList<>();
    Map<List<String>, ChannelEvent.MessagePosted> written = new HashMap<>();
    long seq = state.lastSeq();
    for (Pending p : pending) {
      Channel.Post c = p.post();
      List<String> postId = List.of(c.userId(), c.clientMsgId());
      Outcome<Channel.Posted> outcome =
          c.hookName() != null
              ? ChannelRefusals.refuseHook(state)
              : ChannelRefusals.refuseNonMember(state, c.userId(), "join the channel to post");
      if (outcome == null) {
        outcome = repeated(state, written.get(postId), c);
      }
      if (outcome == null) {
        outcome = badThread(state, c, p.root());
      }
      if (outcome != null) {
        answers.add(new Answer(c.replyTo(), outcome, false, p.arrivedNanos()));
        continue;
      }
      ChannelEvent.MessagePosted posted =
          new ChannelEvent.MessagePosted(
              ++seq, c.userId(), c.text(), now, c.clientMsgId(), c.threadSeq(), c.mentions(), c.files(), null, c.hookName());
      MessageKey key =
          MessageSeal.newKey(
              state.info().channelId(),
              posted.seq(),
              posted.author(),
              now,
              posted.files().stream().map(ChannelEvent.PostedFile::id).toList());
      keys.add(key);
      posts.add(SealedEvents.sealPost(posted, key));
      opened.add(posted);
      written.put(postId, posted);
      answers.add(
          new Answer(
              c.replyTo(), Outcome.accepted(new Channel.Posted(posted.seq(), posted.ts(), false, mentioned(state, c))), true, p.arrivedNanos()));
    }
    return new PostBatch(List.copyOf(posts), List.copyOf(opened), List.copyOf(keys), List.copyOf(answers));
  }

  /** Answers every post of the batch, in arrival order; call once its events are persisted. */
  void answer() {
    for (Answer a : answers) {
      if (a.written()) {
        Metrics.persisted(a.arrivedNanos());
        Metrics.POSTS.inc();
      }
      a.replyTo().tell(a.outcome());
    }
  }

  private static Outcome<Channel.Posted> badThread(Active state, Channel.Post c, ChannelEvent.MessagePosted root) {
    if (c.threadSeq() != null && (root == null || root.threadSeq() != null || state.deleted().contains(root.seq()))) {
      return Outcome.rejected(Outcome.Reason.BAD_REQUEST, "threadSeq must name a message that is not a reply");
    }
    return null;
  }

  /**
   * The answer to a retry of a post already in the log or earlier in this batch; null for a new
   * post. It names the mentioned members again: the mentions of the first attempt are recorded
   * after its write, and are lost if its node died in between, so the retry records them (a
   * member's session counts a mention of a seq once).
   */
  private static Outcome<Channel.Posted> repeated(Active state, ChannelEvent.MessagePosted inBatch, Channel.Post c) {
    if (inBatch != null) {
      return Outcome.accepted(new Channel.Posted(inBatch.seq(), inBatch.ts(), true, mentioned(state, c)));
    }
    return state
        .postIds()
        .find(c.userId(), c.clientMsgId())
        .map(first -> Outcome.accepted(new Channel.Posted(first.seq(), first.ts(), true, mentioned(state, c))))
        .orElse(null);
  }

  /** Members named in the post, other than its author. */
  private static List<String> mentioned(Active state, Channel.Post c) {
    return c.mentions().stream().filter(state::isMember).filter(id -> !id.equals(c.userId())).toList();
  }
}
