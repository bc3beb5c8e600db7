package dev.parley.node.transport;

import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelHub;
import dev.parley.node.channel.FeedRenderer;
import dev.parley.node.edge.WireMapping;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.WireCodec;
import org.apache.pekko.util.ByteString;

/**
 * Channel events and signals as WebSocket frames. The hub renders each once per node; the same
 * immutable frame then goes to every local socket of the channel, which writes it as it is
 * ({@link WebSocketProtocol}): one whole, unmasked text frame, as a server sends.
 */
public final class WireFrames implements FeedRenderer<OutFrame> {
  private final WireCodec codec;

  public WireFrames(WireCodec codec) {
    this.codec = codec;
  }

  @Override
  public OutFrame event(String channelId, ChannelEvent.Sequenced event) {
    return frame(ServerFrame.Event.of(WireMapping.event(channelId, event)));
  }

  /** Typing and DM receipts; a {@link ChannelHub.ReceiptSignal} otherwise. */
  @Override
  public OutFrame signal(String channelId, ChannelHub.Signal signal) {
    if (signal instanceof ChannelHub.TypingSignal typing) {
      return frame(new ServerFrame.Event(Ephemeral.TYPING, new Ephemeral.Typing(channelId, typing.userId())));
    }
    ChannelHub.ReceiptSignal receipt = (ChannelHub.ReceiptSignal) signal;
    return frame(new ServerFrame.Event(Ephemeral.RECEIPT, new Ephemeral.Receipt(channelId, receipt.userId(), receipt.seq())));
  }

  OutFrame frame(ServerFrame frame) {
    return new OutFrame(PekkoFrames.text(ByteString.fromString(codec.encode(frame))));
  }
}
