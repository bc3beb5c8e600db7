package dev.parley.node;

/**
 * Marker for every message, event and state that crosses a node boundary or reaches the journal:
 * bound to Jackson CBOR in {@code serialization.conf}. Java serialization is off.
 */
public interface CborSerializable {}
