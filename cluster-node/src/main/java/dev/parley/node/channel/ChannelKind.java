package dev.parley.node.channel;

/** What kind of channel: the contract's {@code kind}. */
public enum ChannelKind {
  PUBLIC("public"),
  PRIVATE("private"),
  DM("dm");

  private final String wire;

  ChannelKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
