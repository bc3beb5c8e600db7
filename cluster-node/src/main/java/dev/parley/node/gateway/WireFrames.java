package dev.parley.node.gateway;

import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelHub;
import dev.parley.node.channel.FeedRenderer;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.WireCodec;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;

/**
 * Channel events and signals as WebSocket frames. The hub renders each once per node; the same
 * immutable frame then goes to every local socket of the channel.
 */
public final class WireFrames implements FeedRenderer<Message> {
  private final WireCodec codec;

  public WireFrames(WireCodec codec) {
    this.codec = codec;
  }

  @Override
  public Message event(String channelId, ChannelEvent.Sequenced event) {
    return frame(ServerFrame.Event.of(WireMapping.event(channelId, event)));
  }

  /** Typing and DM receipts; a {@link ChannelHub.ReceiptSignal} otherwise. */
  @Override
  public Message signal(String channelId, ChannelHub.Signal signal) {
    if (signal instanceof ChannelHub.TypingSignal typing) {
      return frame(new ServerFrame.Event(Ephemeral.TYPING, new Ephemeral.Typing(channelId, typing.userId())));
    }
    ChannelHub.ReceiptSignal receipt = (ChannelHub.ReceiptSignal) signal;
    return frame(new ServerFrame.Event(Ephemeral.RECEIPT, new Ephemeral.Receipt(channelId, receipt.userId(), receipt.seq())));
  }

  Message frame(ServerFrame frame) {
    return TextMessage.create(codec.encode(frame));
  }
}
