package dev.parley.node.transport;

/** One message read from the socket, before decoding. */
sealed interface Inbound {
  record Text(String text) implements Inbound {}

  /** Binary frames are not part of the contract. */
  record Binary() implements Inbound {}

  /** A message (of several frames) longer than the frame limit. */
  record TooLarge() implements Inbound {}
}
