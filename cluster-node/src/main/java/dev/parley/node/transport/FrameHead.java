package dev.parley.node.transport;

/**
 * What a frame's header says, as {@link InboundAssembler} checks it (RFC 6455, 5.2).
 *
 * @param mask the client's masking key; null when the frame was not masked
 * @param reserved whether any of RSV1-3 is set (no extension is ever agreed)
 */
record FrameHead(byte opcode, boolean fin, Integer mask, boolean reserved, long length) {}
