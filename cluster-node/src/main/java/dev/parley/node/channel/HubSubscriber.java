package dev.parley.node.channel;

/**
 * A local receiver of channel feeds: a connection's outbox. The hub calls it on its own thread,
 * for every subscriber of a channel in turn, so it must be thread-safe and must not block.
 * {@code rendered} is the event as the node's {@link FeedRenderer} rendered it, once for all.
 */
public interface HubSubscriber<R> {

  void delivered(String channelId, ChannelEvent.Sequenced event, R rendered);

  /** The channel's log reaches at least {@code lastSeq}: events up to it were lost if not delivered. */
  void head(String channelId, long lastSeq);

  void signalled(String channelId, ChannelHub.Signal signal, R rendered);
}
