package dev.parley.node.channel;

import dev.parley.node.channel.Channel.Command;
import dev.parley.node.channel.Channel.Post;
import dev.parley.node.channel.ChannelState.Active;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A {@link Channel}'s posts, written in batches ({@link PostBatch}): a post is written at once
 * when no write of posts is in flight; posts that arrive behind one are gathered and written
 * together after it. Each batch's message keys go to the journal with its posts, in one transaction.
 */
final class ChannelPosting {

  /** Persist the posts gathered since the last write of posts finished (sent to itself). */
  record FlushPosts() implements Command {}

  private static final FlushPosts FLUSH_POSTS = new FlushPosts();

  private final ActorContext<Command> context;
  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final LogWrites writes;
  private final HubSubscribers hubs;
  private final String channelId;
  private final ChannelSettings settings;
  private final MessageKeys keys;
  private final WindowKeys windowKeys;
  private final Clock clock;
  /**
   * Posts that queued behind a write of posts, to be persisted together ({@link PostBatch}); soft
   * state, and never kept while a write is in flight, so a restart loses none of it.
   */
  private final List<PostBatch.Pending> pendingPosts = new ArrayList<>();
  /** A write of posts has just finished: posts queued behind it are gathered until {@link FlushPosts}. */
  private boolean gathering;
  /** A command waits in the stash behind the gathered posts, so posts after it wait too: arrival order holds. */
  private boolean stashedBehind;

  ChannelPosting(
      ActorContext<Command> context,
      EffectFactories<ChannelEvent, ChannelState> effect,
      LogWrites writes,
      HubSubscribers hubs,
      String channelId,
      ChannelSettings settings,
      MessageKeys keys,
      WindowKeys windowKeys,
      Clock clock) {
    this.context = context;
    this.effect = effect;
    this.writes = writes;
    this.hubs = hubs;
    this.channelId = channelId;
    this.settings = settings;
    this.keys = keys;
    this.windowKeys = windowKeys;
    this.clock = clock;
  }

  /** The channel recovered: no write of posts is in flight, and keys an earlier incarnation staged are dropped. */
  void recovered() {
    pendingPosts.clear();
    gathering = false;
    stashedBehind = false;
    keys.dropStaged(channelId);
  }

  /**
   * A post is written at once when no write of posts has just finished; otherwise it joins the posts
   * gathered behind that write, persisted together at {@link FlushPosts}.
   */
  ReplyEffect<ChannelEvent, ChannelState> post(Active state, Post c, ChannelEvent.MessagePosted root) {
    pendingPosts.add(new PostBatch.Pending(c, root, System.nanoTime()));
    return gathering ? effect.noReply() : writePosts(state);
  }

  ReplyEffect<ChannelEvent, ChannelState> flushPosts(Active state, FlushPosts c) {
    gathering = false;
    return pendingPosts.isEmpty() ? effect.noReply() : writePosts(state);
  }

  /**
   * Other commands wait in the stash while posts are gathered, and are handled
   * after those posts are written, in the order they came; hub subscriptions, forgotten keys and
   * finished journal reads change no log.
   */
  boolean waitsBehindPosts(Command c) {
    if (pendingPosts.isEmpty()
        || c instanceof Channel.SubscribeHub
        || c instanceof Channel.UnsubscribeHub
        || c instanceof ChannelReads.JournalRead
        || c instanceof Channel.ForgetKeys) {
      return false;
    }
    return stashedBehind || !(c instanceof Post);
  }

  ReplyEffect<ChannelEvent, ChannelState> stash() {
    stashedBehind = true;
    return effect.stash();
  }

  /** Decides the gathered posts and persists them, their keys in the same journal write. */
  private ReplyEffect<ChannelEvent, ChannelState> writePosts(Active state) {
    PostBatch batch = PostBatch.decide(state, List.copyOf(pendingPosts), clock.millis());
    pendingPosts.clear();
    stashedBehind = false;
    if (batch.posts().isEmpty()) {
      batch.answer();
      return effect.none().thenNoReply().thenUnstashAll();
    }
    keys.stage(batch.keys());
    windowKeys.prune(state.recent(), 2 * settings.recentEvents());
    windowKeys.remember(batch.keys());
    return writes
        .journalWrite(List.<ChannelEvent>copyOf(batch.posts()))
        .thenRun(
            next -> {
              batch.opened().forEach(hubs::publish);
              batch.answer();
              gathering = true;
              context.getSelf().tell(FLUSH_POSTS);
            })
        .thenNoReply()
        .thenUnstashAll();
  }
}
