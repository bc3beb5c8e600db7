package dev.parley.node.channel;

/**
 * What the hub hands its subscribers: channel events and signals rendered once per node (the
 * wire frame), however many local sockets send them on.
 */
public interface FeedRenderer<R> {

  R event(String channelId, ChannelEvent.Sequenced event);

  R signal(String channelId, ChannelHub.Signal signal);
}
